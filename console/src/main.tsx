import '@xyflow/react/dist/style.css';
import './styles.css';
import { StrictMode, useEffect, useState } from 'react';
import { createRoot } from 'react-dom/client';
import { adoptTokenFromUrl, onStream, onStreamState, streamState, token } from './api';
import { useConsoleMode } from './ui';
import { href, useRoute } from './router';
import { ExecutionsView } from './views/executions';
import { ExecutionView } from './views/execution';
import { StartView } from './views/start';
import { JourneyView } from './views/journey';
import { EventsView } from './views/events';
import { ActionsView } from './views/actions';
import { CustomerView } from './views/customer';
import { FailuresView } from './views/failures';
import { HealthView } from './views/health';
import { TemplatesView, TemplateView } from './views/templates';
import { TemplateFormView } from './views/template-form';
import { QualityView } from './views/quality';
import { AnalyticsView } from './views/analytics';
import { MessagesView, MessageView } from './views/messages';
import { PaymentsView } from './views/payments';
import { PaymentView } from './views/payment';

adoptTokenFromUrl();

const NAV: { view: string; label: string; twinOnly?: boolean }[] = [
  { view: 'executions', label: 'Executions' },
  { view: 'events', label: 'Events', twinOnly: true },
  { view: 'actions', label: 'Actions' },
  { view: 'customer', label: 'Customer & sandboxes', twinOnly: true },
  { view: 'failures', label: 'Failures', twinOnly: true },
  { view: 'health', label: 'Health' },
  { view: 'templates', label: 'Templates' },
  { view: 'quality', label: 'Quality' },
  { view: 'analytics', label: 'Analytics' },
  { view: 'payments', label: 'Payments' },
];

function App() {
  const route = useRoute();
  const [live, setLive] = useState(streamState);
  const mode = useConsoleMode();
  const deployed = mode.mode === 'deployed';
  useEffect(() => {
    const off = onStream(() => undefined);
    const offState = onStreamState(setLive);
    return () => {
      off();
      offState();
    };
  }, []);
  const [view = 'executions', id, sub, subAction] = route.parts;
  const active = view === 'journey' ? 'events' : view === 'start' ? 'executions' : view === 'messages' ? 'analytics' : view;
  useEffect(() => {
    document.title = `${NAV.find((n) => n.view === active)?.label ?? view} · EUM Social console`;
  }, [active, view]);
  return (
    <div className="shell">
      <nav className="nav" aria-label="Views">
        <div className="brand">EUM Social</div>
        {deployed && (
          <p className="stack-badge" title={mode.actionsUrl}>
            Deployed stack {mode.stack ?? ''} · {mode.region}
          </p>
        )}
        <ul>
          {NAV.map((n) => (
            <li key={n.view}>
              <a
                href={href([n.view])}
                aria-current={active === n.view ? 'page' : undefined}
                title={deployed && n.twinOnly ? 'Local twin only: this view says where to look in AWS' : undefined}
              >
                {n.label}
                {deployed && n.twinOnly && <span className="twin-only"> (twin only)</span>}
              </a>
            </li>
          ))}
        </ul>
        <div className="live" aria-live="polite">
          <span className={`dot dot-${live}`} aria-hidden="true" /> {live === 'live' ? 'live' : live === 'polling' ? 'polling' : 'connecting'}
        </div>
        {!token() && (
          <p className="hint">
            No token: open the URL <code>npm start</code> prints.
          </p>
        )}
      </nav>
      <main className="main" id="main">
        {view === 'executions' && !id && <ExecutionsView query={route.query} />}
        {view === 'executions' && id && <ExecutionView arn={id} query={route.query} />}
        {view === 'start' && <StartView query={route.query} />}
        {view === 'journey' && id && <JourneyView eventId={id} />}
        {view === 'events' && <EventsView query={route.query} />}
        {view === 'actions' && <ActionsView name={id} />}
        {view === 'customer' && <CustomerView customer={id} query={route.query} />}
        {view === 'failures' && <FailuresView query={route.query} />}
        {view === 'health' && <HealthView />}
        {view === 'templates' && !id && <TemplatesView query={route.query} />}
        {view === 'templates' && id === 'new' && <TemplateFormView />}
        {view === 'templates' && id === 'by-id' && sub && <TemplateView metaTemplateId={sub} query={route.query} />}
        {view === 'templates' &&
          id &&
          id !== 'by-id' &&
          sub &&
          (subAction === 'edit' ? <TemplateFormView name={id} language={sub} /> : <TemplateView name={id} language={sub} query={route.query} />)}
        {view === 'quality' && <QualityView query={route.query} />}
        {view === 'analytics' && <AnalyticsView query={route.query} />}
        {view === 'messages' && !id && <MessagesView query={route.query} />}
        {view === 'messages' && id && <MessageView messageKey={id} />}
        {view === 'payments' && !id && <PaymentsView query={route.query} />}
        {view === 'payments' && id && <PaymentView reference={id} />}
      </main>
    </div>
  );
}

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <App />
  </StrictMode>,
);
