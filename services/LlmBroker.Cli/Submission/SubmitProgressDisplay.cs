using System.Globalization;
using LlmBroker.Cli.Infrastructure;
using LlmBroker.Client;
using Spectre.Console;

namespace LlmBroker.Cli.Submission;

/// <summary>
/// Shows the progress of a batch: a live Spectre progress bar on a terminal, otherwise plain
/// <c>submitted=… completed=…</c> lines (one per tenth of the batch) that read well in CI logs.
/// </summary>
internal static class SubmitProgressDisplay
{
    public static Task<T> RunAsync<T>(Terminal terminal, int total, Func<IProgress<SubmitProgress>, Task<T>> work) =>
        terminal.IsInteractive ? RunLiveAsync(terminal.Console, total, work) : work(new PlainProgress(terminal.Output, total));

    private static Task<T> RunLiveAsync<T>(IAnsiConsole console, int total, Func<IProgress<SubmitProgress>, Task<T>> work) =>
        console.Progress()
            .AutoClear(false)
            .HideCompleted(false)
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn(), new SpinnerColumn())
            .StartAsync(async context =>
            {
                var submitted = context.AddTask(Describe("submitted", 0, total), maxValue: Math.Max(total, 1));
                var completed = context.AddTask(Describe("completed", 0, total), maxValue: Math.Max(total, 1));
                var progress = new LiveProgress(submitted, completed, total);
                var result = await work(progress).ConfigureAwait(false);
                submitted.StopTask();
                completed.StopTask();
                return result;
            });

    private static string Describe(string label, int count, int total) =>
        string.Create(CultureInfo.InvariantCulture, $"{label} {count}/{total}");

    private sealed class LiveProgress(ProgressTask submitted, ProgressTask completed, int total) : IProgress<SubmitProgress>
    {
        private readonly Lock _lock = new();

        public void Report(SubmitProgress value)
        {
            // Reports arrive from several threads and may be out of order: only move forward.
            lock (_lock)
            {
                if (value.Submitted > submitted.Value)
                {
                    submitted.Value = value.Submitted;
                    submitted.Description = Describe("submitted", value.Submitted, total);
                }

                if (value.Completed > completed.Value)
                {
                    completed.Value = value.Completed;
                    completed.Description = Describe("completed", value.Completed, total);
                }
            }
        }
    }

    private sealed class PlainProgress(TextWriter output, int total) : IProgress<SubmitProgress>
    {
        private readonly Lock _lock = new();
        private int _submitted;
        private int _completed;
        private int _lastStep = -1;
        private bool _allSubmittedShown;

        public void Report(SubmitProgress value)
        {
            lock (_lock)
            {
                _submitted = Math.Max(_submitted, value.Submitted);
                _completed = Math.Max(_completed, value.Completed);
                var step = total == 0 ? 10 : _completed * 10 / total;
                var allSubmitted = _submitted >= total;
                if (step > _lastStep || (allSubmitted && !_allSubmittedShown))
                {
                    _lastStep = step;
                    _allSubmittedShown |= allSubmitted;
                    output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"progress submitted={_submitted}/{total} completed={_completed}/{total}"));
                }
            }
        }
    }
}
