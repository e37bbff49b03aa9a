import { creditEndpoints } from "@comic-studio/shared";
import { call } from "../lib/api.ts";
import { useAsync } from "../lib/useAsync.ts";

const TYPE_LABEL: Record<string, string> = {
  allowance: "Monthly allowance",
  grant: "Granted",
  reserve: "Reserved",
  commit: "Charged",
  release: "Returned",
  refund: "Refunded",
};

export function Credits() {
  const summary = useAsync(() => call(creditEndpoints.getCredits), []);
  const history = useAsync(() => call(creditEndpoints.listTransactions), []);
  return (
    <main className="content narrow">
      <h1>Credits</h1>
      {summary.error && <p className="error">{summary.error.message}</p>}
      <div className="card stat-row">
        <div>
          <span className="muted">Available</span>
          <strong data-testid="credit-balance">{summary.data?.balance ?? "…"}</strong>
        </div>
        <div>
          <span className="muted">Held for running jobs</span>
          <strong>{summary.data?.reserved ?? "…"}</strong>
        </div>
      </div>
      <h2>History</h2>
      {history.error && <p className="error">{history.error.message}</p>}
      <table className="table" aria-label="Credit history">
        <thead>
          <tr>
            <th>When</th>
            <th>What</th>
            <th className="num">Change</th>
            <th className="num">Balance</th>
          </tr>
        </thead>
        <tbody>
          {history.data?.transactions.map((t) => (
            <tr key={t.id}>
              <td>{new Date(t.createdAt).toLocaleString()}</td>
              <td>
                {TYPE_LABEL[t.type] ?? t.type}
                {t.note ? <span className="muted"> · {t.note}</span> : null}
              </td>
              <td className={`num ${t.amount < 0 ? "neg" : "pos"}`}>
                {t.amount > 0 ? `+${t.amount}` : t.amount}
              </td>
              <td className="num">{t.balanceAfter}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </main>
  );
}
