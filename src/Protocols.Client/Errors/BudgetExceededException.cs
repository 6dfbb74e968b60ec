namespace Protocols.Client;

/// <summary>The request's worst-case cost does not fit in the remaining <see cref="UsageBudget"/>; nothing was sent.</summary>
public sealed class BudgetExceededException : AnthropicClientException
{
    /// <summary>Creates the error.</summary>
    /// <param name="requested">The amount the request would reserve.</param>
    /// <param name="remaining">The amount left in the budget.</param>
    public BudgetExceededException(decimal requested, decimal remaining)
        : base($"the request may cost up to {requested:0.######} but only {remaining:0.######} of the budget is left", "budget_exceeded")
    {
        Requested = requested;
        Remaining = remaining;
    }

    /// <summary>The amount the request would reserve.</summary>
    public decimal Requested { get; }

    /// <summary>The amount left in the budget when it was refused.</summary>
    public decimal Remaining { get; }
}
