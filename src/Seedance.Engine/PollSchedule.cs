using System;
using System.Collections.Generic;
using System.Globalization;

namespace Seedance.Engine;

/// <summary>
/// When a followed run is looked at next, from what its run object says (input duration and resolution, and how long
/// ago it was created or started), never from what a particular server is configured to do.
/// <list type="bullet">
/// <item>No document says how long a Seedance run takes. The one published figure is ByteDance's: Seedance 1.0 Pro made a
/// 5 s 1080p clip in about 41 s, so the typical time is taken as <see cref="SecondsPer1080pSecond"/> of generation per second
/// of video at 1080p, scaled by the pixels of the resolution asked for (720p has 0.44 of them).</item>
/// <item>Until a tenth of that time has passed since <c>created_at</c> no run is checked: a model ten times faster than the
/// published one is not plausible, so a check then can only find it unfinished.</item>
/// <item>After that the interval is a share of the run's age, counted from <c>started_at</c> once it has one (a run that
/// waited in a queue has only just begun generating) (<see cref="PollingOptions.IntervalShareOfAge"/>), between
/// <see cref="PollingOptions.InitialInterval"/> and <see cref="PollingOptions.MaxInterval"/>: short runs are seen to end
/// soon, long ones cost few requests.</item>
/// <item>Between half and twice the typical time a run is most likely to end, and one search reads every pending run at
/// once, so there the interval is that share of the typical time divided by the square root of the runs the follower has
/// followed: the saving of a shared request is split between fewer requests per run and a shorter wait (one run alone is
/// checked as usual; for 200 runs the checks come 14 times as often at 1/14 of the requests per run).</item>
/// <item>Runs asking for the same work and started together end together: once one of them has ended, the others are
/// checked at the shortest interval for a tenth of the typical time (the last runs of a pipeline are what everyone waits
/// for).</item>
/// </list>
/// </summary>
public static class PollSchedule
{
    /// <summary>Seconds of generation per second of 1080p video (41 s for 5 s in ByteDance's Seedance 1.0 report).</summary>
    public const double SecondsPer1080pSecond = 8.2;

    /// <summary>The shortest video a Seedance model makes; "auto" and missing durations count as this, so no run is
    /// thought slower than it may be.</summary>
    private const int ShortestSeconds = 4;

    private const double PlausibleSpeedUp = 10;

    /// <summary>How long the model typically takes to generate what <paramref name="input"/> asks for.</summary>
    public static TimeSpan TypicalGeneration(IDictionary<string, object?>? input)
    {
        var seconds = ShortestSeconds;
        if (input is not null && input.TryGetValue("duration", out var duration)
            && int.TryParse(Convert.ToString(duration, CultureInfo.InvariantCulture)?.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var asked)
            && asked > 0)
        {
            seconds = asked;
        }

        var resolution = input is not null && input.TryGetValue("resolution", out var value)
            ? Convert.ToString(value, CultureInfo.InvariantCulture)?.Trim().ToLowerInvariant()
            : null;
        // Pixels relative to 1920x1080; an unknown resolution counts as the smallest, for the same reason as "auto".
        var pixels = resolution switch
        {
            "1080p" => 1.0,
            "720p" => 1280.0 * 720 / (1920 * 1080),
            _ => 854.0 * 480 / (1920 * 1080),
        };
        return TimeSpan.FromSeconds(seconds * pixels * SecondsPer1080pSecond);
    }

    /// <summary>How long after now to check a run.</summary>
    /// <param name="sinceCreated">Time since the run was created.</param>
    /// <param name="age">Time since the run started (or, before it has, since it was created).</param>
    /// <param name="typical">From <see cref="TypicalGeneration"/>.</param>
    /// <param name="sharedBy">How many runs share the cost of a check (1 when the run is read by itself).</param>
    /// <param name="sinceLikeRunEnded">Time since a run with the same typical time ended, if one has.</param>
    public static TimeSpan NextCheckIn(TimeSpan sinceCreated, TimeSpan age, TimeSpan typical, int sharedBy, TimeSpan? sinceLikeRunEnded,
        PollingOptions options)
    {
        if (options.FixedInterval is { } fixedInterval)
        {
            return fixedInterval;
        }

        var earliest = TimeSpan.FromTicks((long)(typical.Ticks / PlausibleSpeedUp));
        if (sinceCreated < earliest)
        {
            return Clamp(earliest - sinceCreated, TimeSpan.Zero, options.MaxInterval);
        }

        if (sinceLikeRunEnded is { } sinceEnd && sinceEnd.Ticks <= typical.Ticks / PlausibleSpeedUp)
        {
            return options.InitialInterval;
        }

        var share = Math.Max(0, options.IntervalShareOfAge);
        var interval = TimeSpan.FromTicks((long)(age.Ticks * share));
        if (age.Ticks >= typical.Ticks / 2 && age.Ticks <= typical.Ticks * 2)
        {
            var likely = TimeSpan.FromTicks((long)(typical.Ticks * share / Math.Sqrt(Math.Max(1, sharedBy))));
            interval = likely < interval ? likely : interval;
        }

        return Clamp(interval, options.InitialInterval, options.MaxInterval);
    }

    private static TimeSpan Clamp(TimeSpan value, TimeSpan minimum, TimeSpan maximum) =>
        value < minimum ? minimum : value > maximum ? maximum : value;
}
