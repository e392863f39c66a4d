/**
 * A template drawn the way WhatsApp shows it: header (text, or a placeholder for the media), body
 * with the sample values in place of the variables, footer, buttons under the bubble, carousel cards
 * side by side. It draws whatever the components say, valid or not, so it follows the form as you type.
 */
type Comp = Record<string, any>;

const up = (v: unknown) => (typeof v === 'string' ? v.toUpperCase() : '');

/** The sample values of a text's variables: positional from body_text/header_text, named from *_named_params. */
function samples(example: unknown, kind: 'body' | 'header'): Record<string, string> {
  const out: Record<string, string> = {};
  if (!example || typeof example !== 'object') return out;
  const e = example as Record<string, any>;
  const named = e[`${kind}_text_named_params`];
  if (Array.isArray(named)) for (const p of named) if (p && typeof p === 'object') out[String(p.param_name)] = String(p.example ?? '');
  const positional = kind === 'body' ? (Array.isArray(e.body_text?.[0]) ? e.body_text[0] : e.body_text) : e.header_text;
  if (Array.isArray(positional)) positional.forEach((v: unknown, i: number) => (out[String(i + 1)] = String(v)));
  return out;
}

/** Text with `{{n}}` replaced by its sample (marked), or left visible when there is none. */
function Filled({ text, values }: { text: string; values: Record<string, string> }) {
  const parts = text.split(/(\{\{\s*[A-Za-z0-9_]+\s*\}\})/g);
  return (
    <>
      {parts.map((p, i) => {
        const m = /^\{\{\s*([A-Za-z0-9_]+)\s*\}\}$/.exec(p);
        // biome-ignore lint/suspicious/noArrayIndexKey: segments of one split string, rebuilt whole from the text; position is their only identity
        if (!m) return <Formatted key={i} text={p} />;
        const v = values[m[1]!];
        return v ? (
          // biome-ignore lint/suspicious/noArrayIndexKey: segments of one split string, rebuilt whole from the text; position is their only identity
          <mark key={i} className="wa-var" title={`{{${m[1]}}}`}>
            {v}
          </mark>
        ) : (
          // biome-ignore lint/suspicious/noArrayIndexKey: segments of one split string, rebuilt whole from the text; position is their only identity
          <span key={i} className="wa-var-missing" title="no sample value">
            {p}
          </span>
        );
      })}
    </>
  );
}

/** WhatsApp's *bold*, _italic_ and ~strike~ (single line). */
function Formatted({ text }: { text: string }) {
  const parts = text.split(/(\*[^*\n]+\*|_[^_\n]+_|~[^~\n]+~)/g);
  return (
    <>
      {parts.map((p, i) => (
        // biome-ignore lint/suspicious/noArrayIndexKey: segments of one split string, rebuilt whole from the text; position is their only identity
        <Segment key={i} text={p} />
      ))}
    </>
  );
}

const BUTTON_ICON: Record<string, string> = {
  QUICK_REPLY: '↩',
  URL: '↗',
  PHONE_NUMBER: '✆',
  COPY_CODE: '⧉',
  OTP: '⧉',
  FLOW: '☰',
  CATALOG: '☰',
  MPM: '☰',
  SPM: '☰',
  VOICE_CALL: '✆',
};

function buttonLabel(b: Comp): string {
  const type = up(b.type);
  if (type === 'COPY_CODE') return 'Copy offer code';
  if (type === 'OTP') return b.text || 'Copy code';
  if (type === 'CATALOG') return b.text || 'View catalog';
  if (type === 'MPM') return b.text || 'View items';
  return typeof b.text === 'string' && b.text ? b.text : `(${type.toLowerCase() || 'button'} without text)`;
}

function Buttons({ buttons }: { buttons: unknown }) {
  if (!Array.isArray(buttons) || !buttons.length) return null;
  return (
    <ul className="wa-buttons" aria-label="Buttons">
      {buttons.map((b, i) => {
        const button = (b ?? {}) as Comp;
        const type = up(button.type);
        const detail = type === 'URL' ? button.url : type === 'PHONE_NUMBER' ? button.phone_number : type === 'COPY_CODE' ? button.example : undefined;
        return (
          // biome-ignore lint/suspicious/noArrayIndexKey: the preview renders the template components as given; buttons have no identity but their position
          <li key={i} className="wa-button" data-button-type={type} title={detail ? `${type}: ${detail}` : type}>
            <span aria-hidden="true">{BUTTON_ICON[type] ?? '•'}</span> {buttonLabel(button)}
          </li>
        );
      })}
    </ul>
  );
}

function Header({ c }: { c: Comp | undefined }) {
  if (!c) return null;
  const format = up(c.format);
  if (format === 'TEXT') {
    return (
      <div className="wa-header-text">
        <Filled text={String(c.text ?? '')} values={samples(c.example, 'header')} />
      </div>
    );
  }
  const label: Record<string, string> = { IMAGE: '🖼 Image', VIDEO: '▶ Video', DOCUMENT: '📄 Document', LOCATION: '📍 Location', PRODUCT: '🛍 Product' };
  return (
    <div className={`wa-media wa-media-${format.toLowerCase() || 'none'}`} role="img" aria-label={`${format.toLowerCase() || 'media'} header`}>
      {label[format] ?? `${format || 'Header'}`}
    </div>
  );
}

function Bubble({ components, time }: { components: Comp[]; time?: string }) {
  const find = (t: string) => components.find((c) => up(c?.type) === t);
  const body = find('BODY');
  const footer = find('FOOTER');
  return (
    <div className="wa-bubble">
      <Header c={find('HEADER')} />
      {body && (
        <div className="wa-body">
          {typeof body.text === 'string' ? (
            <Filled text={body.text} values={samples(body.example, 'body')} />
          ) : (
            <span className="muted">&lt;code&gt; is your verification code.{body.add_security_recommendation ? ' For your security, do not share this code.' : ''}</span>
          )}
        </div>
      )}
      {footer && <div className="wa-footer">{footer.text ?? (footer.code_expiration_minutes ? `This code expires in ${footer.code_expiration_minutes} minutes.` : '')}</div>}
      <div className="wa-time">{time ?? '12:00'}</div>
    </div>
  );
}

export function TemplatePreview({ components, label = 'Preview' }: { components: unknown; label?: string }) {
  const list: Comp[] = Array.isArray(components) ? components.filter((c) => c && typeof c === 'object') : [];
  const buttons = list.find((c) => up(c.type) === 'BUTTONS');
  const carousel = list.find((c) => up(c.type) === 'CAROUSEL');
  const offer = list.find((c) => up(c.type) === 'LIMITED_TIME_OFFER');
  return (
    <section className="wa-phone" aria-label={label} data-testid="template-preview">
      <div className="wa-chat">
        <div className="wa-message">
          {offer && <div className="wa-offer">⏱ {String(offer.limited_time_offer?.text ?? 'Limited-time offer')}</div>}
          <Bubble components={list} />
          <Buttons buttons={buttons?.buttons} />
        </div>
        {carousel && Array.isArray(carousel.cards) && (
          <ul className="wa-carousel" aria-label="Carousel cards">
            {carousel.cards.map((card: Comp, i: number) => {
              const comps: Comp[] = Array.isArray(card?.components) ? card.components : [];
              return (
                // biome-ignore lint/suspicious/noArrayIndexKey: the preview renders the template components as given; cards have no identity but their position
                <li key={i} className="wa-card">
                  <Bubble components={comps} time="" />
                  <Buttons buttons={comps.find((c) => up(c?.type) === 'BUTTONS')?.buttons} />
                </li>
              );
            })}
          </ul>
        )}
        {list.length === 0 && <p className="muted">No components yet.</p>}
      </div>
    </section>
  );
}

/** One segment of WhatsApp's inline formatting: *bold*, _italic_, ~strikethrough~ or plain text. */
function Segment({ text }: { text: string }) {
  if (/^\*[^*]+\*$/.test(text)) return <strong>{text.slice(1, -1)}</strong>;
  if (/^_[^_]+_$/.test(text)) return <em>{text.slice(1, -1)}</em>;
  if (/^~[^~]+~$/.test(text)) return <s>{text.slice(1, -1)}</s>;
  return <span>{text}</span>;
}
