/**
 * The blueprint snapshot a run was conducted with (Debriefer `blueprint`, seeds/003): a question
 * graph of nodes and edges. Responses are extracted per node, so the graph must be coherent.
 */
import { z } from 'zod';
import { storableJson, text } from './text';

export const probingSchema = z.object({
  enabled: z.boolean().default(false),
  max_follow_ups: z.number().int().min(0).max(20).default(0),
  techniques: z.array(text(100)).max(20).default([]),
  completion_hint: text(2000).optional(),
});

export const nodeTypes = ['question', 'statement', 'end'] as const;

export const blueprintNodeSchema = z.object({
  type: z.enum(nodeTypes).default('question'),
  key: text(100).min(1),
  text: text(5000).min(1),
  objective: text(5000).optional(),
  required: z.boolean().default(false),
  probing: probingSchema.default({ enabled: false, max_follow_ups: 0, techniques: [] }),
});

export const blueprintEdgeSchema = z.object({
  from: text(100).min(1),
  to: text(100).min(1),
  condition: storableJson.optional(),
  priority: z.number().int().default(0),
});

export const blueprintSchema = z
  .object({
    id: text(100).min(1),
    version: z.number().int().min(0).default(1),
    name: text(500).default(''),
    interview_type: text(100).optional(),
    graph: z.object({
      entry_node: text(100).min(1),
      nodes: z.record(text(100).min(1), blueprintNodeSchema),
      edges: z.array(blueprintEdgeSchema).max(1000).default([]),
    }),
    settings: z
      .object({
        language: text(16).optional(),
        max_duration_m: z.number().positive().optional(),
        estimated_duration_m: z.number().positive().optional(),
      })
      .default({}),
  })
  .superRefine((blueprint, ctx) => {
    const nodeIds = Object.keys(blueprint.graph.nodes);
    if (nodeIds.length === 0) {
      ctx.addIssue({
        code: 'custom',
        path: ['graph', 'nodes'],
        message: 'must hold at least one node',
      });
    }
    if (nodeIds.length > 500) {
      ctx.addIssue({
        code: 'custom',
        path: ['graph', 'nodes'],
        message: 'must hold at most 500 nodes',
      });
    }
    // Object.hasOwn, not `in`: `in` also finds Object.prototype's names (constructor, toString...).
    if (!Object.hasOwn(blueprint.graph.nodes, blueprint.graph.entry_node)) {
      ctx.addIssue({
        code: 'custom',
        path: ['graph', 'entry_node'],
        message: 'must name a node of graph.nodes',
      });
    }
    const keys = new Set<string>();
    for (const [id, node] of Object.entries(blueprint.graph.nodes)) {
      if (keys.has(node.key)) {
        ctx.addIssue({
          code: 'custom',
          path: ['graph', 'nodes', id, 'key'],
          message: 'must be unique',
        });
      }
      keys.add(node.key);
    }
    blueprint.graph.edges.forEach((edge, index) => {
      for (const end of ['from', 'to'] as const) {
        if (!Object.hasOwn(blueprint.graph.nodes, edge[end])) {
          ctx.addIssue({
            code: 'custom',
            path: ['graph', 'edges', index, end],
            message: 'must name a node of graph.nodes',
          });
        }
      }
    });
  });

export type Blueprint = z.infer<typeof blueprintSchema>;
export type BlueprintNode = z.infer<typeof blueprintNodeSchema>;
