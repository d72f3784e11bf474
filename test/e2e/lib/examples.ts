import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

import { ROOT } from './install';

/**
 * The workflows in examples/, made ready to import into an n8n that has the sandbox credentials: a stable id per
 * file (a second `npm start` updates instead of duplicating), and every Okta node pointed at the given
 * credential. Shared by `npm start` and the examples e2e spec, so what the spec proves is what a newcomer gets.
 */

export const EXAMPLES_DIR = join(ROOT, 'examples');

export interface ExampleNode {
	name: string;
	type: string;
	parameters: Record<string, unknown>;
	credentials?: Record<string, { id: string; name: string }>;
	webhookId?: string;
}

export interface Example {
	file: string;
	workflow: { id: string; name: string; nodes: ExampleNode[]; [key: string]: unknown };
	/** The node that starts it: a Manual Trigger runs with `n8n execute`; any other (Schedule, event hook) is activated. */
	trigger: ExampleNode;
	runsManually: boolean;
}

/**
 * Triggers `n8n execute` can start (the one-click "Execute workflow" in the editor). Found by experiment in
 * n8n 2.41.1: for a Schedule Trigger it fails with "Missing node to start execution".
 */
const RUNNABLE_TRIGGERS = new Set(['n8n-nodes-base.manualTrigger']);

export function exampleFiles(): string[] {
	return readdirSync(EXAMPLES_DIR)
		.filter((name) => name.endsWith('.json'))
		.sort();
}

export function exampleId(file: string): string {
	return `demo${file.replace(/[^a-z0-9]/gi, '')}`.padEnd(16, '0').slice(0, 16);
}

/** Reads examples/<file> and points each Okta node's credential (of `credentialType`) at `credential`. */
export function loadExample(file: string, credentialType: string, credential: { id: string; name: string }): Example {
	const workflow = JSON.parse(readFileSync(join(EXAMPLES_DIR, file), 'utf8')) as Example['workflow'];
	workflow.id = exampleId(file);
	for (const node of workflow.nodes) {
		if (node.credentials?.[credentialType]) node.credentials[credentialType] = { ...credential };
	}
	const connected = new Set(Object.values((workflow.connections ?? {}) as Record<string, { main: Array<Array<{ node: string }>> }>).flatMap((output) => output.main.flat().map((link) => link.node)));
	const trigger = workflow.nodes.find((node) => !connected.has(node.name) && !node.type.startsWith('n8n-nodes-base.stickyNote'));
	if (!trigger) throw new Error(`examples/${file} has no node that starts it`);
	return { file, workflow, trigger, runsManually: RUNNABLE_TRIGGERS.has(trigger.type) };
}
