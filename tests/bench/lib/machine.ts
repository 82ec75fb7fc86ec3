import { availableParallelism, cpus, loadavg, totalmem } from 'node:os';

/** What the figures were measured on: printed with every table and written to docs/benchmarks.md. */
export interface MachineInfo {
	cores: number;
	cpuModel: string;
	memoryGiB: number;
	node: string;
}

export function machineInfo(): MachineInfo {
	return {
		cores: availableParallelism(),
		cpuModel: cpus()[0]?.model.trim() ?? 'unknown',
		memoryGiB: Math.round((totalmem() / 2 ** 30) * 10) / 10,
		node: process.version
	};
}

/** The 1/5/15-minute load averages: the machine is shared, so every figure carries the load it was measured under. */
export function loadAverage(): string {
	return loadavg()
		.map((l) => l.toFixed(2))
		.join(' / ');
}

export function describeMachine(m: MachineInfo = machineInfo()): string {
	return `${m.cores} cores (${m.cpuModel}), ${m.memoryGiB} GiB, Node ${m.node}`;
}
