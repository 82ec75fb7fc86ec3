import { test as base, expect, type Page } from '@playwright/test';
import { DEMO_PASSWORD } from '../helpers/demo';

/** Signs in through the login form, as a person would. */
export async function signIn(page: Page, email: string, password = DEMO_PASSWORD): Promise<void> {
	await page.goto('/login');
	await page.getByLabel('Email').fill(email);
	await page.getByLabel('Password').fill(password);
	await page.getByRole('button', { name: 'Sign in' }).click();
	await expect(page.getByRole('button', { name: 'Sign out', exact: true })).toBeVisible();
}

export const test = base;
export { expect };
