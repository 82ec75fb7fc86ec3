import type { LiveBoard } from './live-board.svelte';

/**
 * Calls `refresh` now, every `ms` while the tab is visible, and as soon as it
 * becomes visible again (a hidden tab does not poll). Returns the stop function.
 */
export function pollWhileVisible(refresh: () => void, ms: number): () => void {
	refresh();
	const timer = setInterval(() => {
		if (document.visibilityState === 'visible') refresh();
	}, ms);
	const onVisible = () => {
		if (document.visibilityState === 'visible') refresh();
	};
	document.addEventListener('visibilitychange', onVisible);
	return () => {
		clearInterval(timer);
		document.removeEventListener('visibilitychange', onVisible);
	};
}

/**
 * Listens to the board's awareness changes. `onAttach` runs once, when
 * listening starts. Returns the stop function.
 */
export function onAwarenessChange(live: LiveBoard, onChange: () => void, onAttach?: () => void): () => void {
	live.awareness.on('change', onChange);
	onAttach?.();
	return () => live.awareness.off('change', onChange);
}

/**
 * Calls `onChange` when another browser on the board changes its awareness
 * field `field` (a nudge, what it presents): `onAwarenessChange` narrowed to
 * one field of the others. Returns the stop function.
 */
export function onPeerFieldChange(live: LiveBoard, field: string, onChange: () => void, onAttach?: () => void): () => void {
	const lastSeen = new Map<number, string>();
	return onAwarenessChange(
		live,
		() => {
			const awareness = live.awareness;
			let changed = false;
			awareness.getStates().forEach((state, clientId) => {
				if (clientId === awareness.clientID) return;
				const value = JSON.stringify(state[field] ?? null);
				if ((lastSeen.get(clientId) ?? 'null') !== value) changed = true;
				lastSeen.set(clientId, value);
			});
			if (changed) onChange();
		},
		onAttach
	);
}
