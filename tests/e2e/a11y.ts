import AxeBuilder from '@axe-core/playwright';
import type { Page } from '@playwright/test';
import { expect } from './fixtures';

/** Fails when the page scrolls sideways (wider than its viewport). */
export async function noSidewaysScroll(page: Page) {
	const [scroll, width] = await page.evaluate(() => [document.documentElement.scrollWidth, window.innerWidth]);
	expect(scroll, `page is ${scroll}px wide in a ${width}px viewport`).toBeLessThanOrEqual(width);
}

/** Serious and critical axe-core findings (WCAG 2.2 AA and best practice) on the page as it is now (or inside `include`). */
export async function axeProblems(page: Page, include?: string): Promise<string[]> {
	const builder = new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice']);
	const result = await (include ? builder.include(include) : builder).analyze();
	return result.violations
		.filter((v) => v.impact === 'serious' || v.impact === 'critical')
		.map((v) => `${v.id} (${v.nodes.length}): ${v.nodes.slice(0, 3).map((n) => n.target.join(' ')).join(' | ')}`);
}
