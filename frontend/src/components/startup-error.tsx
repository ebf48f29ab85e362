/** Shown instead of the app when `/config.json` is missing or invalid: nothing else can work without it. */
export function StartupError({ title, detail, issues = [] }: { title: string; detail: string; issues?: string[] }) {
  return (
    <main id="main" className="centered-screen">
      <div className="panel stack" role="alert">
        <h1>Ownstack cannot start</h1>
        <h2 className="problem-title">{title}</h2>
        <p className="break-anywhere">{detail}</p>
        {issues.length > 0 ? (
          <ul className="issue-list">
            {issues.map((issue) => (
              <li key={issue}>
                <code>{issue}</code>
              </li>
            ))}
          </ul>
        ) : null}
        <p className="muted small">If you operate this installation, “Runtime configuration” in docs/ui.md describes this file.</p>
        <p>
          <button type="button" className="button button-primary" onClick={() => window.location.reload()}>
            Reload
          </button>
        </p>
      </div>
    </main>
  );
}
