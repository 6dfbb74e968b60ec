using Protocols.Anthropic;

namespace Protocols.Client;

// Usage tracking and the budget: the worst case is reserved before sending, settled at the actual cost after.
public sealed partial class AnthropicCompatibleClient
{
    private BudgetReservation? Reserve(PreparedRequest prepared, string operation)
    {
        if (_options.Budget is not { } budget)
        {
            return null;
        }

        var amount = budget.WorstCase(prepared.TargetModel, prepared.State.EstimatedInputTokens, prepared.MaxTokens);
        if (!budget.TryReserve(amount, out var reservation))
        {
            var remaining = budget.Remaining;
            ClientLog.BudgetRefused(_logger, operation, amount, remaining);
            throw new BudgetExceededException(amount, remaining);
        }

        return reservation;
    }

    private void RecordUsage(PreparedRequest prepared, Usage usage, BudgetReservation? reservation)
    {
        var model = prepared.TargetModel;
        _options.UsageTracker?.Record(model, usage);
        _metrics.Tokens(model, _server, usage.InputTokens, usage.OutputTokens);
        if (reservation is not null && _options.Budget is { } budget)
        {
            reservation.Settle(Cost(budget, model, usage));
        }
    }

    private static decimal Cost(UsageBudget budget, string model, Usage usage) =>
        budget.Prices.Cost(model, usage.InputTokens, usage.OutputTokens, usage.CacheCreationInputTokens ?? 0, usage.CacheReadInputTokens ?? 0) ?? 0;
}
