import { describe, expect, it } from 'vitest';
import { actionHarness, RecordingSender } from './support.js';

const base = { from: 'phone-number-id-1', to: '919812345678' };
const str = (n: number) => 'x'.repeat(n);

type Issue = { field: string; rule: string };
async function send(body: Record<string, unknown>) {
  const h = actionHarness({ sender: new RecordingSender() });
  h.openWindow(base.to);
  const res = await h.run({ ...base, ...body });
  const issues = ((res.body as { error?: { details?: { issues?: Issue[] } } }).error?.details?.issues ?? []) as Issue[];
  return { status: res.statusCode, issues, body: res.body };
}

const buttons = (n: number, title = 'ok') => Array.from({ length: n }, (_, i) => ({ id: `b${i}`, title: `${title}${i}`.slice(-20) }));
const products = (n: number, prefix: string) => Array.from({ length: n }, (_, i) => `${prefix}${i}`);

describe("Meta's limits at their edges", () => {
  it('reply buttons: 3 go, 4 are refused at buttons', async () => {
    expect((await send({ action: 'send_interactive', type: 'button', body: 'b', buttons: buttons(3) })).status).toBe(200);
    const r = await send({ action: 'send_interactive', type: 'button', body: 'b', buttons: buttons(4) });
    expect(r.status).toBe(400);
    expect(r.issues).toEqual([{ field: 'buttons', rule: 'at most 3 reply buttons (Meta limit)' }]);
  });

  it('reply button title: 20 characters go, 21 are refused at buttons[0].title', async () => {
    expect((await send({ action: 'send_interactive', type: 'button', body: 'b', buttons: [{ id: 'a', title: str(20) }] })).status).toBe(200);
    const r = await send({ action: 'send_interactive', type: 'button', body: 'b', buttons: [{ id: 'a', title: str(21) }] });
    expect(r.issues).toEqual([{ field: 'buttons[0].title', rule: 'button title must be at most 20 characters (Meta limit)' }]);
  });

  it('list: 10 rows in all go, 11 across two sections are refused', async () => {
    const rows = (n: number, p: string) => Array.from({ length: n }, (_, i) => ({ id: `${p}${i}`, title: `${p}${i}` }));
    /** A list of two sections: 5 rows in the first, `second` in the other. */
    const list = (second: number) =>
      send({
        action: 'send_interactive',
        type: 'list',
        body: 'b',
        button: 'Pick',
        sections: [
          { title: 'A', rows: rows(5, 'a') },
          { title: 'B', rows: rows(second, 'b') },
        ],
      });
    expect((await list(5)).status).toBe(200);
    const r = await list(6);
    expect(r.status).toBe(400);
    expect(r.issues).toEqual([{ field: 'sections', rule: 'at most 10 rows in all sections together (Meta limit); got 11' }]);
  });

  it('list: a section title is required once there are two sections', async () => {
    const r = await send({
      action: 'send_interactive',
      type: 'list',
      body: 'b',
      button: 'Pick',
      sections: [{ title: 'A', rows: [{ id: '1', title: 't' }] }, { rows: [{ id: '2', title: 't' }] }],
    });
    expect(r.issues).toEqual([{ field: 'sections[1].title', rule: 'required when the list has more than one section' }]);
  });

  it('product list: 30 products in 10 sections go; 31 products or 11 sections are refused', async () => {
    const sections = (count: number, per: number) => Array.from({ length: count }, (_, s) => ({ title: `S${s}`, product_retailer_ids: products(per, `s${s}p`) }));
    const common = { action: 'send_product_list', catalog_id: 'c1', header: 'Our picks', body: 'Have a look' };
    expect((await send({ ...common, sections: sections(10, 3) })).status).toBe(200);
    const tooMany = await send({ ...common, sections: [...sections(9, 3), { title: 'last', product_retailer_ids: products(4, 'z') }] });
    expect(tooMany.issues).toEqual([{ field: 'sections', rule: 'at most 30 products in all sections together (Meta limit); got 31' }]);
    const tooManySections = await send({ ...common, sections: sections(11, 1) });
    expect(tooManySections.issues).toEqual([{ field: 'sections', rule: 'at most 10 sections (Meta limit)' }]);
  });

  it('product list: the header is required', async () => {
    const r = await send({ action: 'send_product_list', catalog_id: 'c1', body: 'b', sections: [{ title: 'S', product_retailer_ids: ['p'] }] });
    expect(r.issues.map((i) => i.field)).toEqual(['header']);
  });

  it('flow: exactly one of flow_id / flow_name, and no payload with data_exchange', async () => {
    const both = await send({ action: 'send_flow', flow_id: '1', flow_name: 'n', flow_cta: 'Go', body: 'b' });
    expect(both.issues).toEqual([{ field: 'flow_id', rule: 'give exactly one of flow_id or flow_name' }]);
    const payload = await send({ action: 'send_flow', flow_id: '1', flow_cta: 'Go', body: 'b', flow_action: 'data_exchange', flow_action_payload: { screen: 'A' } });
    expect(payload.issues.map((i) => i.field)).toEqual(['flow_action_payload']);
    const cta = await send({ action: 'send_flow', flow_id: '1', flow_cta: str(31), body: 'b' });
    expect(cta.issues).toEqual([{ field: 'flow_cta', rule: 'flow_cta must be at most 30 characters (Meta limit)' }]);
  });

  it('body 1024 characters go, 1025 are refused; a bad recipient names to', async () => {
    expect((await send({ action: 'send_catalog_message', body: str(1024) })).status).toBe(200);
    expect((await send({ action: 'send_catalog_message', body: str(1025) })).issues.map((i) => i.field)).toEqual(['body']);
    const bad = await send({ action: 'send_text', text: 'hi', to: 'not-a-number' });
    expect(bad.issues.map((i) => i.field)).toEqual(['to']);
  });

  it('an unknown action lists the known ones', async () => {
    const r = await send({ action: 'send_fax' });
    expect(r.status).toBe(400);
    expect((r.body as { error: { details: { known: string[] } } }).error.details.known).toContain('send_product_message');
  });
});
