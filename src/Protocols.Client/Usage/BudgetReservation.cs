namespace Protocols.Client;

/// <summary>An amount held in a <see cref="UsageBudget"/> until the call it covers ends. Dispose without settling to release it.</summary>
public sealed class BudgetReservation : IDisposable
{
    private readonly UsageBudget _budget;
    private int _settled;

    internal BudgetReservation(UsageBudget budget, decimal amount)
    {
        _budget = budget;
        Amount = amount;
    }

    /// <summary>The amount reserved.</summary>
    public decimal Amount { get; }

    /// <summary>Replaces the reservation by the actual cost (once; later calls do nothing).</summary>
    /// <param name="actualCost">What the call cost.</param>
    public void Settle(decimal actualCost)
    {
        if (Interlocked.Exchange(ref _settled, 1) == 0)
        {
            _budget.Settle(Amount, actualCost);
        }
    }

    /// <summary>Releases the reservation if it was not settled (a failed call costs nothing).</summary>
    public void Dispose() => Settle(0);
}
