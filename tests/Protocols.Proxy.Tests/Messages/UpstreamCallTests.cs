using Protocols.Proxy.Upstream;
using Xunit;

namespace Protocols.Proxy.Tests.Messages;

/// <summary>The upstream exchange's one timer: activity keeps it alive, silence ends it, any configured limit is accepted.</summary>
public sealed class UpstreamCallTests
{
    [Fact]
    public async Task Touch_KeepsTheCallAlive_AndSilenceTimesItOut()
    {
        using var call = new UpstreamCall(CancellationToken.None);
        // A 1 s limit: with 300 ms, one scheduling stall of a 50 ms delay on a busy 2-core CI machine was silence enough.
        call.Arm(TimeSpan.FromSeconds(1), "idle");
        for (int i = 0; i < 30; i++)
        {
            await Task.Delay(50);
            call.Touch();
        }

        // 1.5 s of chunks 50 ms apart: longer than the limit, never silent for it.
        Assert.False(call.Token.IsCancellationRequested);

        var silent = DateTime.UtcNow;
        while (!call.Token.IsCancellationRequested && DateTime.UtcNow - silent < TimeSpan.FromSeconds(10))
        {
            await Task.Delay(10);
        }

        Assert.True(call.TimedOut);
        Assert.False(call.ClientGone);
        Assert.InRange(DateTime.UtcNow - silent, TimeSpan.FromMilliseconds(900), TimeSpan.FromSeconds(6));
    }

    [Fact]
    public void AVeryLongLimit_IsAccepted()
    {
        using var call = new UpstreamCall(CancellationToken.None);
        call.Arm(TimeSpan.FromHours(2000), "idle");
        call.Arm(TimeSpan.MaxValue, "idle");
        Assert.False(call.Token.IsCancellationRequested);
    }

    [Fact]
    public async Task TheClientGoing_CancelsAtOnce()
    {
        using var client = new CancellationTokenSource();
        using var call = new UpstreamCall(client.Token);
        call.Arm(TimeSpan.FromMinutes(5), "first byte");
        await client.CancelAsync();
        Assert.True(call.Token.IsCancellationRequested);
        Assert.True(call.ClientGone);
        Assert.False(call.TimedOut);
    }
}
