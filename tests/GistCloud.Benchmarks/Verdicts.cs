namespace GistCloud.Benchmarks;

/// <summary>PASS/FAIL lines for what a benchmark run must have done to be worth its numbers (not for speed).</summary>
internal sealed class Verdicts
{
    public bool Failed { get; private set; }

    public void Check(bool passed, string pass, string fail)
    {
        Console.WriteLine(passed ? $"   PASS  {pass}" : $"   FAIL  {fail}");
        Failed |= !passed;
    }

    /// <summary>The run completed without errors and checked every user.</summary>
    public void Completed(string label, RunFigures f, int users)
    {
        var figures = f.Run.Figures;
        var passed = f.Run.Outcome == Core.Domain.SyncRuns.SyncRunOutcome.Completed && f.Run.Errors.Count == 0 && figures.UsersChecked == users;
        var firstError = f.Run.Errors.Count > 0 ? $"; first: {f.Run.Errors[0].Username}: {f.Run.Errors[0].Error}" : string.Empty;
        Check(
            passed,
            $"{label}: completed, {RunTable.Number(users)} users checked, no errors",
            $"{label}: {f.Run.Outcome}, {RunTable.Number(figures.UsersChecked)} of {RunTable.Number(users)} users checked, {f.Run.Errors.Count} errors{firstError} {f.Run.Message}");
    }

    /// <summary>The first run stored and published every seeded gist.</summary>
    public void StoredAndPublishedAll(string label, RunFigures f, int gists)
    {
        var figures = f.Run.Figures;
        Check(
            figures.GistsStored == gists && figures.GistsPublished == gists,
            $"{label}: stored and published all {RunTable.Number(gists)} gists",
            $"{label}: stored {RunTable.Number(figures.GistsStored)} and published {RunTable.Number(figures.GistsPublished)} of {RunTable.Number(gists)} gists");
    }
}
