import dagre from '@dagrejs/dagre';
import { Background, Controls, Handle, Position, ReactFlow, type Edge, type Node, type NodeProps } from '@xyflow/react';
import { useMemo, useState } from 'react';

export interface StateView {
  status: string;
  entered: number;
}

const NODE_W = 200;
const NODE_H = 46;
const CLASS: Record<string, string> = { succeeded: 'ok', failed: 'bad', caught: 'warn', running: 'run', retrying: 'run', waiting: 'wait', stopped: 'muted' };

type StateNodeData = { name: string; type: string; status?: string; entered?: number; selected: boolean; terminal?: boolean };

function StateNode({ data }: NodeProps<Node<StateNodeData>>) {
  const cls = data.terminal ? 'node-terminal' : `node-${CLASS[data.status ?? ''] ?? 'muted'}`;
  return (
    <div className={`node ${cls}${data.selected ? ' node-selected' : ''}`} data-state={data.name} data-status={data.status ?? 'not-run'}>
      <Handle type="target" position={Position.Top} />
      <div className="name">{data.name}</div>
      {!data.terminal && (
        <div className="meta">
          {data.type} · {data.status ?? 'not run'}
          {data.entered && data.entered > 1 ? ` · ×${data.entered}` : ''}
        </div>
      )}
      <Handle type="source" position={Position.Bottom} />
    </div>
  );
}
const nodeTypes = { state: StateNode };

/** The ASL as a graph (top-level states; Map/Parallel as one node), laid out by dagre, coloured by history. */
export function StateGraph({
  definition,
  states,
  selected,
  onSelect,
}: {
  definition: any;
  states: Record<string, StateView>;
  selected?: string;
  onSelect: (name: string) => void;
}) {
  // Catch paths clutter the graph (every Task has one): shown when taken, or all on demand.
  const [allCatches, setAllCatches] = useState(false);
  const { nodes, edges } = useMemo(() => layout(definition, states, selected, allCatches), [definition, states, selected, allCatches]);
  return (
    <>
      <label className="toolbar" style={{ fontWeight: 400 }}>
        <input type="checkbox" checked={allCatches} onChange={(e) => setAllCatches(e.target.checked)} /> show every Catch path (dashed); taken ones are always shown
      </label>
      <figure className="graph" aria-label="State machine graph, states coloured by status">
        <ReactFlow
          nodes={nodes}
          edges={edges}
          nodeTypes={nodeTypes}
          fitView
          fitViewOptions={{ padding: 0.1 }}
          minZoom={0.2}
          nodesDraggable={false}
          nodesConnectable={false}
          onNodeClick={(_e, n) => !(n.data as StateNodeData).terminal && onSelect(n.id)}
          proOptions={{ hideAttribution: true }}
        >
          <Background gap={16} />
          <Controls showInteractive={false} />
        </ReactFlow>
      </figure>
    </>
  );
}

function layout(definition: any, states: Record<string, StateView>, selected: string | undefined, allCatches: boolean): { nodes: Node[]; edges: Edge[] } {
  const g = new dagre.graphlib.Graph();
  g.setGraph({ rankdir: 'TB', nodesep: 30, ranksep: 40 });
  g.setDefaultEdgeLabel(() => ({}));
  const defs: Record<string, any> = definition?.States ?? {};
  const nodes: Node[] = [];
  const edges: Edge[] = [];
  const add = (id: string, data: StateNodeData) => {
    g.setNode(id, { width: data.terminal ? 80 : NODE_W, height: data.terminal ? 30 : NODE_H });
    nodes.push({ id, type: 'state', position: { x: 0, y: 0 }, data });
  };
  const edge = (from: string, to: string, label?: string, dashed = false, drawn = true) => {
    if (!to) return;
    // Hidden Catch paths still shape the layout, so the states only they reach sit where they belong.
    g.setEdge(from, to);
    if (drawn)
      edges.push({
        id: `${from}->${to}:${label ?? ''}`,
        source: from,
        target: to,
        label,
        style: dashed ? { strokeDasharray: '5 4', stroke: '#c2410c' } : { stroke: '#475569' },
        labelStyle: { fontSize: 10 },
      });
  };
  add('__start', { name: 'Start', type: '', selected: false, terminal: true });
  add('__end', { name: 'End', type: '', selected: false, terminal: true });
  if (definition?.StartAt) edge('__start', definition.StartAt);
  for (const [name, def] of Object.entries<any>(defs)) {
    add(name, { name, type: def.Type, status: states[name]?.status, entered: states[name]?.entered, selected: selected === name });
  }
  for (const [name, def] of Object.entries<any>(defs)) {
    if (def.Next) edge(name, def.Next);
    if (def.End || def.Type === 'Succeed' || def.Type === 'Fail') edge(name, '__end');
    for (const c of def.Choices ?? []) edge(name, c.Next, 'choice');
    if (def.Default) edge(name, def.Default, 'default');
    const taken = states[name]?.status === 'caught';
    for (const c of def.Catch ?? []) edge(name, c.Next, `catch ${(c.ErrorEquals ?? []).join(',')}`.slice(0, 40), true, allCatches || (taken && !!states[c.Next]));
  }
  dagre.layout(g);
  for (const n of nodes) {
    const p = g.node(n.id);
    if (p) n.position = { x: p.x - (p.width ?? NODE_W) / 2, y: p.y - (p.height ?? NODE_H) / 2 };
  }
  // Duplicate edges (two choices to one state) keep one id each.
  const seen = new Set<string>();
  return { nodes, edges: edges.filter((e) => (seen.has(e.id) ? false : (seen.add(e.id), true))) };
}
