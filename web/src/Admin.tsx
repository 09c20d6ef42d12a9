// The admin's view of decisions: per kind and policy version, the acted-on rate of shown
// suggestions against the held-out group, each with its 95 % Wilson interval, and the lift
// (the difference) with its 95 % Newcombe interval, drawn in plain SVG from decisionImpact.
import { type ReactNode, useEffect, useState } from "react";
import { AdminDecisionsDocument, type AdminDecisionsQuery, AdminRolesDocument } from "../../src/generated/graphql/graphql.ts";
import { describeError, request } from "./client.ts";

type Impact = AdminDecisionsQuery["decisionImpact"][number];

const WIDTH = 640;
const LABEL = 190;
const ROW = 64;
const PLOT = WIDTH - LABEL - 20;
const percent = (value: number) => `${(value * 100).toFixed(1)} %`;
const signed = (value: number) => `${value >= 0 ? "+" : ""}${(value * 100).toFixed(1)} pt`;

/** One chart's SVG: the page's width, its own height, a label for screen readers and a test id. */
function Chart(props: { height: number; label: string; testId: string; children: ReactNode }) {
  return (
    <svg width={WIDTH} height={props.height} role="img" aria-label={props.label} data-testid={props.testId}>
      {props.children}
    </svg>
  );
}

/** Rates on [0, 1]: a bar per group and its interval as a whisker. */
function RatesChart(props: { rows: Impact[] }) {
  const x = (value: number) => LABEL + value * PLOT;
  const height = props.rows.length * ROW + 30;
  return (
    <Chart height={height} label="Acted-on rate per kind, shown and held out, with 95 % intervals" testId="rates-chart">
      {[0, 0.25, 0.5, 0.75, 1].map((tick) => (
        <g key={tick}>
          <line x1={x(tick)} x2={x(tick)} y1={0} y2={height - 20} stroke="#ddd" />
          <text x={x(tick)} y={height - 6} fontSize="11" textAnchor="middle">
            {tick * 100}%
          </text>
        </g>
      ))}
      {props.rows.map((row, index) => {
        const top = index * ROW + 6;
        const bars = [
          { name: "shown", rate: row.actedRate, interval: row.actedRateInterval, color: "#2f6fde", n: row.shown },
          { name: "held out", rate: row.heldOutActedRate, interval: row.heldOutActedRateInterval, color: "#999", n: row.heldOut },
        ];
        return (
          <g key={`${row.decisionKey}|${row.policyVersion}`} data-testid="rates-row">
            <text x={0} y={top + 14} fontSize="12">
              {row.decisionKey}
            </text>
            <text x={0} y={top + 30} fontSize="10" fill="#666">
              {row.policyVersion}
            </text>
            {bars.map((bar, j) => {
              const y = top + j * 24;
              return (
                <g key={bar.name}>
                  <title>{`${bar.name}: ${percent(bar.rate)} of ${bar.n} (95 % ${percent(bar.interval.low)}–${percent(bar.interval.high)})`}</title>
                  <rect x={x(0)} y={y} width={Math.max(0, x(bar.rate) - x(0))} height={16} fill={bar.color} opacity={0.8} />
                  <line x1={x(bar.interval.low)} x2={x(bar.interval.high)} y1={y + 8} y2={y + 8} stroke="#000" />
                  <line x1={x(bar.interval.low)} x2={x(bar.interval.low)} y1={y + 3} y2={y + 13} stroke="#000" />
                  <line x1={x(bar.interval.high)} x2={x(bar.interval.high)} y1={y + 3} y2={y + 13} stroke="#000" />
                </g>
              );
            })}
          </g>
        );
      })}
    </Chart>
  );
}

/** The lift per kind: its estimate and 95 % interval on a scale around 0. */
function LiftChart(props: { rows: Impact[] }) {
  const withLift = props.rows.filter((row) => row.lift);
  const bound = Math.max(0.1, ...withLift.flatMap((row) => [Math.abs(row.lift!.low), Math.abs(row.lift!.high)]));
  const x = (value: number) => LABEL + ((value + bound) / (2 * bound)) * PLOT;
  const height = props.rows.length * 30 + 30;
  return (
    <Chart height={height} label="Lift of the acted-on rate over the held-out group, with 95 % intervals" testId="lift-chart">
      <line x1={x(0)} x2={x(0)} y1={0} y2={height - 20} stroke="#444" strokeDasharray="3 3" />
      {[-bound, 0, bound].map((tick) => (
        <text key={tick} x={x(tick)} y={height - 6} fontSize="11" textAnchor="middle">
          {signed(tick)}
        </text>
      ))}
      {props.rows.map((row, index) => {
        const y = index * 30 + 14;
        const lift = row.lift;
        return (
          <g key={`${row.decisionKey}|${row.policyVersion}`} data-testid="lift-row">
            <text x={0} y={y + 4} fontSize="12">
              {row.decisionKey}
            </text>
            {lift ? (
              <g>
                <title>{`lift ${signed(lift.estimate)} (95 % ${signed(lift.low)} to ${signed(lift.high)})${lift.significant ? ", significant" : ""}`}</title>
                <line x1={x(lift.low)} x2={x(lift.high)} y1={y} y2={y} stroke={lift.significant ? "#1a7f37" : "#666"} strokeWidth={2} />
                <circle cx={x(lift.estimate)} cy={y} r={4} fill={lift.significant ? "#1a7f37" : "#666"} />
              </g>
            ) : (
              <text x={LABEL} y={y + 4} fontSize="11" fill="#666">
                no held-out group yet
              </text>
            )}
          </g>
        );
      })}
    </Chart>
  );
}

export function AdminView(props: { token: string; onBack: () => void }) {
  const [data, setData] = useState<AdminDecisionsQuery | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    request(AdminDecisionsDocument, {}, props.token)
      .then(setData)
      .catch((caught: unknown) => setError(describeError(caught)));
  }, [props.token]);

  return (
    <div className="page">
      <header className="topbar">
        <h1>Decisions</h1>
        <button type="button" className="link" onClick={props.onBack}>
          Back to Today
        </button>
      </header>
      {error && (
        <p className="error" role="alert">
          {error}
        </p>
      )}
      {!data && !error && (
        <p className="status" role="status">
          Loading…
        </p>
      )}
      {data && (
        <main data-testid="admin-decisions">
          <section className="card">
            <h2>Acted-on rate: shown vs held out</h2>
            {data.decisionImpact.length === 0 ? (
              <p className="empty">No measured decisions yet.</p>
            ) : (
              <RatesChart rows={data.decisionImpact} />
            )}
          </section>
          <section className="card">
            <h2>Lift over the held-out group</h2>
            {data.decisionImpact.length > 0 && <LiftChart rows={data.decisionImpact} />}
          </section>
          <section className="card">
            <h2>Per kind</h2>
            <table data-testid="impact-table">
              <thead>
                <tr>
                  <th>Kind</th>
                  <th>Policy</th>
                  <th>Shown</th>
                  <th>Acted</th>
                  <th>Held out</th>
                  <th>Acted (held out)</th>
                  <th>Lift (95 % CI)</th>
                  <th>Acceptance</th>
                </tr>
              </thead>
              <tbody>
                {data.decisionImpact.map((row) => {
                  const acceptance = data.decisionAcceptance.find((entry) => entry.decisionKey === row.decisionKey);
                  return (
                    <tr key={`${row.decisionKey}|${row.policyVersion}`} data-testid="impact-row">
                      <td>{row.decisionKey}</td>
                      <td>{row.policyVersion}</td>
                      <td>{row.shown}</td>
                      <td>
                        {row.acted} ({percent(row.actedRate)})
                      </td>
                      <td>{row.heldOut}</td>
                      <td>
                        {row.heldOutActed} ({percent(row.heldOutActedRate)})
                      </td>
                      <td>{row.lift ? `${signed(row.lift.estimate)} (${signed(row.lift.low)} to ${signed(row.lift.high)})` : "—"}</td>
                      <td>{acceptance ? percent(acceptance.completedRate) : "—"}</td>
                    </tr>
                  );
                })}
              </tbody>
            </table>
          </section>
        </main>
      )}
    </div>
  );
}

/**
 * For an admin (the viewer's roles include `admin`): a "Decisions" link above the page that
 * opens the admin view (also at #admin); for everyone else, just the page.
 */
export function AdminGate(props: { token: string; children: ReactNode }) {
  const [admin, setAdmin] = useState(false);
  const [open, setOpen] = useState(() => window.location.hash === "#admin");
  useEffect(() => {
    request(AdminRolesDocument, {}, props.token)
      .then((data) => setAdmin(data.viewer?.roles.includes("admin") ?? false))
      .catch(() => setAdmin(false));
  }, [props.token]);
  const show = (next: boolean) => {
    window.history.replaceState(null, "", next ? "#admin" : window.location.pathname);
    setOpen(next);
  };
  if (!admin) return <>{props.children}</>;
  if (open) return <AdminView token={props.token} onBack={() => show(false)} />;
  return (
    <>
      <nav className="admin-link" aria-label="Admin">
        <button type="button" className="link" onClick={() => show(true)}>
          Decisions (admin)
        </button>
      </nav>
      {props.children}
    </>
  );
}
