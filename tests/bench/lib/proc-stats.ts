import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';

let clockTicks: number | undefined;
/** Kernel clock ticks per second (the unit of utime/stime in /proc/<pid>/stat). */
function ticksPerSecond(): number {
	if (clockTicks === undefined) {
		try {
			clockTicks = Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100;
		} catch {
			clockTicks = 100;
		}
	}
	return clockTicks;
}

/** CPU seconds (user + system) a process has used so far, from /proc/<pid>/stat. */
export function cpuSeconds(pid: number): number {
	const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
	// The command name (field 2) may contain spaces: count fields after its closing parenthesis.
	const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
	const utime = Number(fields[11]);
	const stime = Number(fields[12]);
	return (utime + stime) / ticksPerSecond();
}

/**
 * CPU time a process's threads have run so far, in ms, from the scheduler's
 * nanosecond count (/proc/<pid>/task/<tid>/schedstat): fine enough for one
 * board open, where /proc/<pid>/stat counts 10 ms ticks.
 */
export function cpuMillis(pid: number): number {
	let nanos = 0;
	for (const tid of readdirSync(`/proc/${pid}/task`)) {
		try {
			nanos += Number(readFileSync(`/proc/${pid}/task/${tid}/schedstat`, 'utf8').split(' ')[0]);
		} catch {
			// The thread ended between listing and reading.
		}
	}
	return nanos / 1e6;
}

/** Resident set size of a process in MiB (VmRSS in /proc/<pid>/status). */
export function rssMiB(pid: number): number {
	const status = readFileSync(`/proc/${pid}/status`, 'utf8');
	const match = /^VmRSS:\s+(\d+) kB/m.exec(status);
	return match ? Number(match[1]) / 1024 : NaN;
}

export interface ProcessUsage {
	/** CPU used over the window, in % of one core. */
	cpuPercent: number;
	rssPeakMiB: number;
	rssEndMiB: number;
}

/** Samples a process's CPU time and RSS over a window (RSS every `intervalMs`). */
export class ProcessSampler {
	#pid: number;
	#startCpu = 0;
	#startWall = 0;
	#peak = 0;
	#timer: NodeJS.Timeout | undefined;

	constructor(pid: number) {
		this.#pid = pid;
	}

	start(intervalMs = 100): void {
		this.#startCpu = cpuSeconds(this.#pid);
		this.#startWall = performance.now();
		this.#peak = rssMiB(this.#pid);
		this.#timer = setInterval(() => {
			this.#peak = Math.max(this.#peak, rssMiB(this.#pid));
		}, intervalMs);
	}

	stop(): ProcessUsage {
		clearInterval(this.#timer);
		const seconds = (performance.now() - this.#startWall) / 1000;
		const end = rssMiB(this.#pid);
		return {
			cpuPercent: ((cpuSeconds(this.#pid) - this.#startCpu) / seconds) * 100,
			rssPeakMiB: Math.max(this.#peak, end),
			rssEndMiB: end
		};
	}
}

/** The same for this process (the load generator), to show whether it, not the server, was the bottleneck. */
export class SelfSampler {
	#start = process.cpuUsage();
	#wall = performance.now();

	stop(): number {
		const used = process.cpuUsage(this.#start);
		return ((used.user + used.system) / 1000 / (performance.now() - this.#wall)) * 100;
	}
}
