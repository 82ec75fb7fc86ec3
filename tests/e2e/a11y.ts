import AxeBuilder from '@axe-core/playwright';
import type { Page } from '@playwright/test';
import { expect } from './fixtures';

/** Fails when the page scrolls sideways (wider than its viewport), naming the page and the elements that stick out. */
export async function noSidewaysScroll(page: Page) {
	const [scroll, width, culprits] = await page.evaluate(() => {
		const width = window.innerWidth;
		// An ancestor's overflow clips a box only if it lies on the box's containing-block chain: an absolutely
		// positioned box escapes every unpositioned ancestor up to its containing block.
		const clipped = (el: Element) => {
			let position = getComputedStyle(el).position;
			if (position === 'fixed') return true;
			for (let a = el.parentElement; a && a !== document.body; a = a.parentElement) {
				const style = getComputedStyle(a);
				const containsIt = position !== 'absolute' || style.position !== 'static';
				if (containsIt && style.overflowX !== 'visible') return true;
				if (containsIt) position = style.position;
			}
			return false;
		};
		const culprits = [...document.body.querySelectorAll('*')]
			.filter((el) => el.getBoundingClientRect().right > width + 0.5 && !clipped(el))
			.filter((el, _, all) => !all.some((other) => other !== el && el.contains(other)))
			.slice(0, 5)
			.map((el) => `<${el.tagName.toLowerCase()} class="${el.getAttribute('class') ?? ''}"> right ${Math.round(el.getBoundingClientRect().right)}: ${(el.textContent ?? '').trim().slice(0, 60)}`);
		return [document.documentElement.scrollWidth, width, culprits] as const;
	});
	expect(scroll, `${page.url()} is ${scroll}px wide in a ${width}px viewport; sticking out: ${culprits.join(' | ') || 'nothing found'}`).toBeLessThanOrEqual(width);
}

/**
 * Fails when an absolutely positioned box inside a scroll box (overflow other than visible) has its containing block
 * outside it: the scroll box does not clip such a box, so wherever it lands (a diff's visually hidden "[added: …]" in
 * a column beyond the window's edge) it widens the page. Checked by structure, so it holds whatever the text wraps to.
 */
export async function nothingEscapesScrollBoxes(page: Page) {
	const escaped = await page.evaluate(() => {
		const found: string[] = [];
		for (const box of document.body.querySelectorAll('*')) {
			if (getComputedStyle(box).overflowX === 'visible') continue;
			for (const el of box.querySelectorAll('*')) {
				if (getComputedStyle(el).position !== 'absolute') continue;
				let block = el.parentElement;
				while (block && getComputedStyle(block).position === 'static') block = block.parentElement;
				if (block === box || (block && box.contains(block))) continue;
				found.push(`<${el.tagName.toLowerCase()} class="${el.getAttribute('class') ?? ''}"> "${(el.textContent ?? '').trim().slice(0, 30)}" in <${box.tagName.toLowerCase()} class="${box.getAttribute('class') ?? ''}">`);
			}
		}
		return found.slice(0, 5);
	});
	expect(escaped, `${page.url()}: absolutely positioned boxes escape their scroll box`).toEqual([]);
}

/** Serious and critical axe-core findings (WCAG 2.2 AA and best practice) on the page as it is now (or inside `include`). */
export async function axeProblems(page: Page, include?: string): Promise<string[]> {
	const builder = new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice']);
	const result = await (include ? builder.include(include) : builder).analyze();
	return result.violations
		.filter((v) => v.impact === 'serious' || v.impact === 'critical')
		.map((v) => `${v.id} (${v.nodes.length}): ${v.nodes.slice(0, 3).map((n) => n.target.join(' ')).join(' | ')}`);
}
