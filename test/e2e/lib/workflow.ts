import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

import { ROOT } from './install';

/**
 * Builds n8n workflow JSON for `n8n import:workflow`: nodes with parameters and credentials, and connections.
 *
 *   const { id, workflow } = new WorkflowBuilder('onboarding')
 *     .manualTrigger()
 *     .okta('Create', { resource: 'user', operation: 'create', ... }, TOKEN)
 *     .okta('Add to group', { resource: 'group', operation: 'addUser', ... }, TOKEN)
 *     .chain('Start', 'Create', 'Add to group')
 *     .build();
 *
 * chainWorkflow() is the short form for a Manual Trigger followed by a straight line of nodes.
 */

export const OKTA_NODE = 'n8n-nodes-okta.oktaDirectory';
export const OKTA_TRIGGER = 'n8n-nodes-okta.oktaEventHookTrigger';
export const OKTA_LOG_TRIGGER = 'n8n-nodes-okta.oktaSystemLogTrigger';
export const MANUAL_TRIGGER = 'n8n-nodes-base.manualTrigger';

/** A credential as a node references it, and as CredentialImport carries it (type, id, name). */
export interface CredentialRef {
	type: string;
	id: string;
	name: string;
}

export interface WorkflowNode {
	id: string;
	name: string;
	type: string;
	typeVersion: number;
	position: [number, number];
	parameters: Record<string, unknown>;
	credentials?: Record<string, { id: string; name: string }>;
	webhookId?: string;
	executeOnce?: boolean;
	alwaysOutputData?: boolean;
	continueOnFail?: boolean;
	onError?: 'stopWorkflow' | 'continueRegularOutput' | 'continueErrorOutput';
	disabled?: boolean;
}

export interface NodeOptions {
	typeVersion?: number;
	credentials?: CredentialRef | CredentialRef[];
	position?: [number, number];
	webhookId?: string;
	executeOnce?: boolean;
	alwaysOutputData?: boolean;
	onError?: WorkflowNode['onError'];
	disabled?: boolean;
}

/** A type, not an interface: n8n's JSON has no fixed shape, so it must fit `{ [key: string]: unknown }`. */
export type Workflow = {
	id: string;
	name: string;
	nodes: WorkflowNode[];
	connections: Record<string, { main: Array<Array<{ node: string; type: 'main'; index: number }>> }>;
	active: false;
	settings: Record<string, unknown>;
	pinData: Record<string, unknown>;
};

/** An id n8n accepts for a workflow or credential (alphanumeric, 16 characters). */
export function randomId(prefix = ''): string {
	const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
	const clean = prefix.replace(/[^a-z0-9]/gi, '').slice(0, 8);
	const random = [...randomBytes(16)].map((byte) => alphabet[byte % alphabet.length]).join('');
	return (clean + random).slice(0, 16);
}

function uuid(): string {
	const hex = randomBytes(16).toString('hex');
	return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-a${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

export class WorkflowBuilder {
	readonly id: string;
	private readonly nodes: WorkflowNode[] = [];
	private readonly connections: Workflow['connections'] = {};
	private settings: Record<string, unknown> = { executionOrder: 'v1' };

	constructor(
		readonly name: string,
		options: { id?: string; settings?: Record<string, unknown> } = {},
	) {
		this.id = options.id ?? randomId('e2e');
		if (options.settings) this.settings = { ...this.settings, ...options.settings };
	}

	/** Any node: type is the full type name (`n8n-nodes-base.set`, `n8n-nodes-okta.oktaDirectory`). */
	node(name: string, type: string, parameters: Record<string, unknown> = {}, options: NodeOptions = {}): this {
		if (this.nodes.some((node) => node.name === name)) throw new Error(`workflow "${this.name}" already has a node named "${name}"`);
		const credentials = options.credentials === undefined ? [] : Array.isArray(options.credentials) ? options.credentials : [options.credentials];
		const node: WorkflowNode = {
			id: uuid(),
			name,
			type,
			typeVersion: options.typeVersion ?? 1,
			position: options.position ?? [this.nodes.length * 240, 0],
			parameters,
		};
		if (credentials.length > 0) node.credentials = Object.fromEntries(credentials.map((credential) => [credential.type, { id: credential.id, name: credential.name }]));
		if (options.webhookId) node.webhookId = options.webhookId;
		if (options.executeOnce) node.executeOnce = true;
		if (options.alwaysOutputData) node.alwaysOutputData = true;
		if (options.onError) node.onError = options.onError;
		if (options.disabled) node.disabled = true;
		this.nodes.push(node);
		return this;
	}

	manualTrigger(name = 'Start'): this {
		return this.node(name, MANUAL_TRIGGER);
	}

	/** An Okta Directory node. With a credential, sets `authentication` to match its type unless given. */
	okta(name: string, parameters: Record<string, unknown>, credential?: CredentialRef, options: Omit<NodeOptions, 'credentials'> = {}): this {
		const authentication = credential ? AUTHENTICATION[credential.type] : undefined;
		const withAuth = authentication && parameters.authentication === undefined ? { authentication, ...parameters } : parameters;
		return this.node(name, OKTA_NODE, withAuth, { ...options, credentials: credential });
	}

	/** The Okta Event Hook Trigger; webhookId defaults to a fresh UUID (its URL is /webhook/<webhookId>/okta-events). */
	oktaTrigger(name: string, parameters: Record<string, unknown>, credential: CredentialRef, options: Omit<NodeOptions, 'credentials'> = {}): this {
		const authentication = AUTHENTICATION[credential.type];
		const withAuth = authentication && parameters.authentication === undefined ? { authentication, ...parameters } : parameters;
		return this.node(name, OKTA_TRIGGER, withAuth, { ...options, webhookId: options.webhookId ?? uuid(), credentials: credential });
	}

	/** Connects output `output` of `from` to input `input` of `to`. */
	connect(from: string, to: string, options: { output?: number; input?: number } = {}): this {
		for (const name of [from, to]) if (!this.nodes.some((node) => node.name === name)) throw new Error(`workflow "${this.name}" has no node named "${name}"`);
		const output = options.output ?? 0;
		const outputs = (this.connections[from] ??= { main: [] }).main;
		while (outputs.length <= output) outputs.push([]);
		outputs[output].push({ node: to, type: 'main', index: options.input ?? 0 });
		return this;
	}

	/** Connects each node to the next. */
	chain(...names: string[]): this {
		for (let index = 0; index < names.length - 1; index++) this.connect(names[index], names[index + 1]);
		return this;
	}

	/** The webhookId of a node (set for triggers). */
	webhookId(name: string): string | undefined {
		return this.nodes.find((node) => node.name === name)?.webhookId;
	}

	build(): { id: string; workflow: Workflow } {
		return { id: this.id, workflow: { id: this.id, name: this.name, nodes: this.nodes, connections: this.connections, active: false, settings: this.settings, pinData: {} } };
	}
}

/**
 * The Okta Directory node's `authentication` option for each credential type. The node's default is the API
 * token; nodes/Okta/OktaDirectory.node.ts is the reference.
 */
export const AUTHENTICATION: Record<string, string> = {
	oktaDirectoryApiTokenApi: 'apiToken',
	oktaDirectoryOAuth2Api: 'oAuth2',
	oktaDirectoryServiceAppApi: 'serviceApp',
};

export interface ChainNode {
	name: string;
	type?: string;
	parameters: Record<string, unknown>;
	credential?: CredentialRef;
	executeOnce?: boolean;
}

/** A Manual Trigger ('Start') followed by a straight line of nodes (Okta Directory unless a type is given). */
export function chainWorkflow(name: string, nodes: ChainNode[], options: { id?: string } = {}): { id: string; workflow: Workflow } {
	const builder = new WorkflowBuilder(name, options).manualTrigger();
	for (const node of nodes) builder.node(node.name, node.type ?? OKTA_NODE, node.parameters, { credentials: node.credential, executeOnce: node.executeOnce });
	return builder.chain('Start', ...nodes.map((node) => node.name)).build();
}

/** A resource locator value (`{ __rl: true, mode, value }`), e.g. locator(login, 'login'). */
export const locator = (value: string, mode = 'id') => ({ __rl: true, mode, value });

/**
 * The Okta Directory › Event › Remove Repeats node that examples/event-triggered.json puts right after the
 * trigger, read from the example itself, so the specs that prove the pattern prove the settings users import.
 */
export function exampleDedupeNode(): Record<string, unknown> & { name: string } {
	const example = JSON.parse(readFileSync(join(ROOT, 'examples', 'event-triggered.json'), 'utf8')) as {
		nodes: Array<Record<string, unknown> & { name: string; type: string; parameters?: Record<string, unknown> }>;
	};
	const node = example.nodes.find((entry) => entry.type === OKTA_NODE && entry.parameters?.resource === 'event' && entry.parameters?.operation === 'removeRepeats');
	if (!node) throw new Error('examples/event-triggered.json has no Okta Directory › Event › Remove Repeats node');
	return structuredClone(node);
}
