import type { ReferenceIssue, ValidationReport as Report } from "@comic-studio/shared";

/** What the checks say about the set as a whole: blocking problems, warnings and what to add. */
export function ValidationSummary({ report }: { report: Report }) {
  const setIssues = report.issues.filter((i) => i.uploadId === null);
  const errors = report.issues.filter((i) => i.severity === "error").length;
  return (
    <section className="lib-validation" aria-label="Reference check" data-testid="reference-check">
      <p className={report.ok ? "ok" : "error"}>
        {report.ok
          ? `Ready: ${report.imageCount} image${report.imageCount === 1 ? "" : "s"}, ${report.distinctViews} distinct view${report.distinctViews === 1 ? "" : "s"} found.`
          : `${errors} problem${errors === 1 ? "" : "s"} to fix before the setup can start.`}
      </p>
      {setIssues.length > 0 && (
        <ul className="lib-issues">
          {setIssues.map((issue) => (
            <IssueLine key={`${issue.code}-${issue.message}`} issue={issue} />
          ))}
        </ul>
      )}
      {report.guidance.length > 0 && (
        <ul className="lib-guidance">
          {report.guidance.map((g) => (
            <li key={g}>{g}</li>
          ))}
        </ul>
      )}
    </section>
  );
}

export function IssueLine({ issue }: { issue: ReferenceIssue }) {
  return (
    <li className={`lib-issue lib-issue-${issue.severity}`} data-code={issue.code}>
      <span className="lib-issue-tag">{issue.severity === "error" ? "Fix" : "Tip"}</span> {issue.message}
    </li>
  );
}

/** The issues about one image (a near-duplicate is reported on the later image of the pair). */
export function ImageIssues({ report, uploadId }: { report: Report | null; uploadId: string | undefined }) {
  if (!report || !uploadId) return null;
  const issues = report.issues.filter((i) => i.uploadId === uploadId);
  if (issues.length === 0) return <span className="ok small">Looks good</span>;
  return (
    <ul className="lib-issues small">
      {issues.map((issue) => (
        <IssueLine key={`${issue.code}-${issue.uploadId}-${issue.otherUploadId}`} issue={issue} />
      ))}
    </ul>
  );
}
