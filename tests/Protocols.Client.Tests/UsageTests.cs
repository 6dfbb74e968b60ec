using Protocols.Anthropic;

namespace Protocols.Client.Tests;

public class UsageTests
{
    private static readonly PriceTable Prices = new PriceTable()
        .Set("gpt-4o-mini*", new ModelPrice(0.15m, 0.60m, CacheReadPerMillion: 0.075m))
        .Set("gpt-4o*", new ModelPrice(2.50m, 10m))
        .Set("gpt-4o-mini-2024-07-18", new ModelPrice(1m, 1m));

    [Fact]
    public void Prices_match_exact_ids_then_the_longest_prefix()
    {
        Assert.True(Prices.TryGet("gpt-4o-mini-2024-07-18", out var exact));
        Assert.Equal(1m, exact.InputPerMillion);
        Assert.True(Prices.TryGet("gpt-4o-mini", out var mini));
        Assert.Equal(0.15m, mini.InputPerMillion);
        Assert.True(Prices.TryGet("GPT-4o-2024-08-06", out var big));
        Assert.Equal(2.50m, big.InputPerMillion);
        Assert.False(Prices.TryGet("llama3", out _));
        Assert.Equal(0.15m + 0.60m + 0.075m, Prices.Cost("gpt-4o-mini", 1_000_000, 1_000_000, 0, 1_000_000));
    }

    [Fact]
    public void The_tracker_is_thread_safe()
    {
        var tracker = new UsageTracker(Prices);
        Parallel.For(0, 1000, new ParallelOptions { MaxDegreeOfParallelism = 8 }, i =>
            tracker.Record(i % 2 == 0 ? "gpt-4o-mini" : "llama3", 10, 5, cacheReadInputTokens: 1));

        var mini = tracker.Get("gpt-4o-mini");
        Assert.Equal(500, mini.Requests);
        Assert.Equal(5000, mini.InputTokens);
        Assert.Equal(2500, mini.OutputTokens);
        Assert.Equal(500, mini.CacheReadInputTokens);
        Assert.Equal(((5000 * 0.15m) + (2500 * 0.60m) + (500 * 0.075m)) / 1_000_000m, mini.EstimatedCost);
        Assert.Null(tracker.Get("llama3").EstimatedCost);
        Assert.Equal(["gpt-4o-mini", "llama3"], tracker.Snapshot().Select(u => u.Model));
        Assert.Equal(mini.EstimatedCost, tracker.TotalEstimatedCost);
    }

    [Fact]
    public void The_budget_reserves_then_settles()
    {
        var budget = new UsageBudget(1.00m, Prices);
        var a = budget.Reserve(0.60m);
        Assert.False(budget.TryReserve(0.50m, out _));
        Assert.Equal(0.40m, budget.Remaining);

        a.Settle(0.10m);
        Assert.Equal(0.10m, budget.Spent);
        Assert.Equal(0m, budget.Reserved);
        Assert.True(budget.TryReserve(0.50m, out var b));
        b.Dispose();
        Assert.Equal(0.90m, budget.Remaining);

        var e = Assert.Throws<BudgetExceededException>(() => budget.Reserve(5m));
        Assert.Equal(5m, e.Requested);
    }

    [Fact]
    public void Concurrent_reservations_never_overspend()
    {
        var budget = new UsageBudget(10m, Prices);
        var granted = 0;
        Parallel.For(0, 200, new ParallelOptions { MaxDegreeOfParallelism = 8 }, _ =>
        {
            if (budget.TryReserve(0.1m, out var r))
            {
                Interlocked.Increment(ref granted);
                r.Settle(0.1m);
            }
        });

        Assert.Equal(100, granted);
        Assert.Equal(10m, budget.Spent);
    }

    [Fact]
    public async Task The_client_records_usage_and_settles_the_budget()
    {
        await using var upstream = await FakeUpstream.StartAsync((r, c) => r.Body.Contains("\"stream\":true", StringComparison.Ordinal)
            ? OpenAI.WriteSseAsync(c, OpenAI.TextChunk("hi"), OpenAI.FinishChunk("stop"), OpenAI.UsageChunk(1000, 100), "[DONE]")
            : OpenAI.WriteJsonAsync(c, OpenAI.Completion("hi", promptTokens: 2000, completionTokens: 200)));
        var tracker = new UsageTracker(Prices);
        var budget = new UsageBudget(1m, Prices);
        var options = Requests.Options(upstream);
        options.Translation.ModelMap.Add(new Protocols.Translation.ModelMapRule { Match = "*", Target = "gpt-4o-mini" });
        options.UsageTracker = tracker;
        options.Budget = budget;
        using var client = new AnthropicCompatibleClient(options);

        await client.CreateMessageAsync(Requests.Hello());
        await client.StreamMessageAsync(Requests.Hello()).ToMessageAsync();

        var usage = tracker.Get("gpt-4o-mini");
        Assert.Equal(2, usage.Requests);
        Assert.Equal(3000, usage.InputTokens);
        Assert.Equal(300, usage.OutputTokens);
        Assert.Equal(0m, budget.Reserved);
        Assert.Equal(((3000 * 0.15m) + (300 * 0.60m)) / 1_000_000m, budget.Spent);
    }

    [Fact]
    public async Task A_request_over_budget_is_refused_before_sending()
    {
        await using var upstream = await FakeUpstream.StartAsync((r, c) => OpenAI.WriteJsonAsync(c, OpenAI.Completion("hi")));
        var options = Requests.Options(upstream);
        options.Translation.ModelMap.Add(new Protocols.Translation.ModelMapRule { Match = "*", Target = "gpt-4o" });
        options.Budget = new UsageBudget(0.001m, Prices);
        using var client = new AnthropicCompatibleClient(options);
        var request = Requests.Hello();
        request.MaxTokens = 100_000;

        var e = await Assert.ThrowsAsync<BudgetExceededException>(() => client.CreateMessageAsync(request));

        Assert.True(e.Requested >= 1m);
        Assert.Empty(upstream.Requests);
        Assert.Equal(0m, options.Budget.Reserved);
    }

    [Fact]
    public async Task A_failed_call_releases_its_reservation()
    {
        await using var upstream = await FakeUpstream.StartAsync((r, c) => OpenAI.WriteJsonAsync(c, OpenAI.Error("no", "invalid_request_error"), 400));
        var options = Requests.Options(upstream);
        options.Translation.ModelMap.Add(new Protocols.Translation.ModelMapRule { Match = "*", Target = "gpt-4o" });
        options.Budget = new UsageBudget(10m, Prices);
        using var client = new AnthropicCompatibleClient(options);

        await Assert.ThrowsAsync<BadRequestException>(() => client.CreateMessageAsync(Requests.Hello()));
        await Assert.ThrowsAsync<BadRequestException>(async () => await client.StreamMessageAsync(Requests.Hello()).ToMessageAsync());

        Assert.Equal(0m, options.Budget.Reserved);
        Assert.Equal(0m, options.Budget.Spent);
    }

    [Fact]
    public void Tracker_records_anthropic_usage()
    {
        var tracker = new UsageTracker();
        tracker.Record("m", new Usage
        {
            InputTokens = 3,
            OutputTokens = 4,
            CacheCreationInputTokens = 5,
            CacheReadInputTokens = null,
            CacheCreation = null,
            InferenceGeo = null,
            ServerToolUse = null,
            ServiceTier = null,
        });
        Assert.Equal(new ModelUsage("m", 1, 3, 4, 5, 0, null), tracker.Get("m"));
    }
}
