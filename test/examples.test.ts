import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { INodeParameters, INodeProperties, INodePropertyOptions } from 'n8n-workflow';
import { NodeHelpers } from 'n8n-workflow';

import { OktaDirectory } from '../nodes/Okta/OktaDirectory.node';
import { OktaEventHookTrigger } from '../nodes/Okta/OktaEventHookTrigger.node';
import { OktaSystemLogTrigger } from '../nodes/Okta/OktaSystemLogTrigger.node';

/** The example workflows in examples/ only use parameters the nodes really have, and valid event types. */

const folder = join(__dirname, '..', 'examples');
const files = readdirSync(folder).filter((file) => file.endsWith('.json'));
const nodeTypes: Record<string, { description: { properties: INodeProperties[]; polling?: boolean } }> = {
	'n8n-nodes-okta.oktaDirectory': new OktaDirectory(),
	'n8n-nodes-okta.oktaEventHookTrigger': new OktaEventHookTrigger(),
	'n8n-nodes-okta.oktaSystemLogTrigger': new OktaSystemLogTrigger(),
};

describe('example workflows', () => {
	it('exist', () => {
		expect(files.length).toBeGreaterThanOrEqual(4);
	});

	it.each(files)('%s uses only real parameters of visible fields', (file) => {
		const workflow = JSON.parse(readFileSync(join(folder, file), 'utf8')) as { nodes: Array<{ type: string; name: string; parameters: INodeParameters }> };
		const okta = workflow.nodes.filter((node) => nodeTypes[node.type]);
		expect(okta.length).toBeGreaterThan(0);
		for (const node of okta) {
			const { properties } = nodeTypes[node.type].description;
			const visible = properties.filter((property) => NodeHelpers.displayParameter(node.parameters, property, { typeVersion: 1 } as never, { properties } as never));
			const known = new Set(visible.map((property) => property.name));
			// n8n adds Poll Times to every polling node when it loads it (n8n-core nodes-loader/directory-loader.js, commonPollingParameters).
			if (nodeTypes[node.type].description.polling) known.add('pollTimes');
			expect({ node: node.name, unknown: Object.keys(node.parameters).filter((name) => !known.has(name)) }).toEqual({ node: node.name, unknown: [] });
			for (const picker of ['events', 'eventTypes']) {
				const events = node.parameters[picker] as string[] | undefined;
				if (!events) continue;
				const valid = new Set((properties.find((property) => property.name === picker)!.options as INodePropertyOptions[]).map((option) => option.value));
				expect(events.filter((event) => !valid.has(event))).toEqual([]);
			}
		}
	});
});
