using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;

namespace PSSecurityFeeds.Benchmarks.Cmdlets;

/// <summary>
/// The targets and every value measured against them (one per round or run), with the load average at the
/// time; the summary gives each target's median, range and whether the median meets it.
/// </summary>
internal sealed class Scoreboard
{
    private readonly List<Target> _targets = new();

    /// <summary>A value that must reach <paramref name="threshold"/> (a ratio to a bare pass).</summary>
    public void AtLeast(string name, double threshold, double value) => Add(name, threshold, atLeast: true, value);

    /// <summary>A value that must stay at or under <paramref name="threshold"/> (megabytes).</summary>
    public void AtMost(string name, double threshold, double value) => Add(name, threshold, atLeast: false, value);

    /// <summary>
    /// Prints each run of a command with its ratio to the round's reference speed and, when a target is named (its
    /// "{0}" becomes fresh or warm), scores that ratio against it.
    /// </summary>
    public void Runs(string command, IEnumerable<CmdletRun> runs, double reference, string? target = null, double threshold = 0)
    {
        foreach (var run in runs)
        {
            var when = run.Run == 1 ? "fresh" : "warm";
            var ratio = run.EventsPerSecond / reference;
            Console.WriteLine($"    {command,-26} {when,-5} {run.Describe()}  ratio {ratio:0.00}");
            if (target is not null)
            {
                AtLeast(string.Format(CultureInfo.InvariantCulture, target, when), threshold, ratio);
            }
        }
    }

    public void Print(TextWriter output)
    {
        output.WriteLine();
        output.WriteLine("| target | wanted | median | range (n) | load averages seen | met |");
        output.WriteLine("| --- | --- | --- | --- | --- | --- |");
        foreach (var target in _targets)
        {
            var values = target.Values.Select(v => v.Value).Order().ToList();
            var median = values.Count % 2 == 1 ? values[values.Count / 2] : (values[values.Count / 2 - 1] + values[values.Count / 2]) / 2;
            var met = target.AtLeast ? median >= target.Threshold : median <= target.Threshold;
            var loads = target.Values.Select(v => v.Load).ToList();
            output.WriteLine(string.Format(
                CultureInfo.InvariantCulture,
                "| {0} | {1} {2:0.##} | {3:0.00} | {4:0.00}–{5:0.00} ({6}) | {7:0.0}–{8:0.0} | {9} |",
                target.Name, target.AtLeast ? "≥" : "≤", target.Threshold, median, values[0], values[^1], values.Count, loads.Min(), loads.Max(), met ? "yes" : "**no**"));
        }
    }

    /// <summary>The 1-minute load average (Linux), the share of the 2 cores other work takes; NaN where unknown.</summary>
    public static double LoadAverage()
    {
        try
        {
            return double.Parse(File.ReadAllText("/proc/loadavg").Split(' ')[0], CultureInfo.InvariantCulture);
        }
        catch (IOException)
        {
            return double.NaN;
        }
        catch (UnauthorizedAccessException)
        {
            return double.NaN;
        }
    }

    private void Add(string name, double threshold, bool atLeast, double value)
    {
        var target = _targets.Find(t => t.Name == name);
        if (target is null)
        {
            target = new Target(name, threshold, atLeast);
            _targets.Add(target);
        }

        target.Values.Add((value, LoadAverage()));
    }

    private sealed record Target(string Name, double Threshold, bool AtLeast)
    {
        public List<(double Value, double Load)> Values { get; } = new();
    }
}
