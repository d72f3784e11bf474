/** Builds n8n workflow JSON: a Manual Trigger followed by a chain of nodes. */

let workflowCounter = 0;

export interface ChainNode {
	name: string;
	type?: string;
	parameters: Record<string, unknown>;
	credential?: { type: string; id: string; name: string };
	executeOnce?: boolean;
}

export function chainWorkflow(name: string, nodes: ChainNode[]): { id: string; workflow: Record<string, unknown> } {
	const id = `e2eWorkflow${String(++workflowCounter).padStart(4, '0')}${Date.now().toString(36)}`.slice(0, 16);
	const all = [{ name: 'Start', type: 'n8n-nodes-base.manualTrigger', typeVersion: 1, parameters: {}, position: [0, 0] }, ...nodes.map((node, index) => ({
		name: node.name,
		type: node.type ?? 'n8n-nodes-okta.oktaDirectory',
		typeVersion: 1,
		position: [220 * (index + 1), 0],
		parameters: node.parameters,
		...(node.credential ? { credentials: { [node.credential.type]: { id: node.credential.id, name: node.credential.name } } } : {}),
		...(node.executeOnce ? { executeOnce: true } : {}),
	}))];
	const connections: Record<string, unknown> = {};
	for (let index = 0; index < all.length - 1; index++) connections[all[index].name] = { main: [[{ node: all[index + 1].name, type: 'main', index: 0 }]] };
	return { id, workflow: { id, name, nodes: all, connections, active: false, settings: { executionOrder: 'v1' }, pinData: {} } };
}

export const locator = (value: string, mode = 'id') => ({ __rl: true, mode, value });
