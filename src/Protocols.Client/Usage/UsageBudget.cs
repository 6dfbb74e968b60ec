namespace Protocols.Client;

/// <summary>
/// A spending limit with reserve-then-settle: before a call, its worst case (estimated input plus <c>max_tokens</c>
/// of output at the table's prices) is reserved, so concurrent calls cannot overspend together; when the call ends
/// the reservation is settled at the actual cost (or released when it failed). Thread-safe.
/// </summary>
/// <param name="limit">The most that may be spent.</param>
/// <param name="prices">The prices; a model without a price costs nothing against the budget.</param>
public sealed class UsageBudget(decimal limit, PriceTable prices)
{
    private readonly Lock _lock = new();
    private decimal _spent;
    private decimal _reserved;

    /// <summary>The limit.</summary>
    public decimal Limit { get; } = limit;

    /// <summary>The prices.</summary>
    public PriceTable Prices { get; } = prices ?? throw new ArgumentNullException(nameof(prices));

    /// <summary>Settled spending.</summary>
    public decimal Spent
    {
        get
        {
            lock (_lock)
            {
                return _spent;
            }
        }
    }

    /// <summary>Reserved and not yet settled.</summary>
    public decimal Reserved
    {
        get
        {
            lock (_lock)
            {
                return _reserved;
            }
        }
    }

    /// <summary>What is left: the limit less spent and reserved amounts.</summary>
    public decimal Remaining
    {
        get
        {
            lock (_lock)
            {
                return Limit - _spent - _reserved;
            }
        }
    }

    /// <summary>Reserves an amount.</summary>
    /// <param name="amount">The worst-case cost.</param>
    /// <returns>The reservation; settle or dispose it.</returns>
    /// <exception cref="BudgetExceededException">The amount does not fit.</exception>
    public BudgetReservation Reserve(decimal amount) =>
        TryReserve(amount, out var reservation) ? reservation : throw new BudgetExceededException(amount, Remaining);

    /// <summary>Reserves an amount if it fits.</summary>
    /// <param name="amount">The worst-case cost.</param>
    /// <param name="reservation">The reservation, when it fits.</param>
    /// <returns>True when reserved.</returns>
    public bool TryReserve(decimal amount, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out BudgetReservation? reservation)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(amount);
        lock (_lock)
        {
            if (_spent + _reserved + amount > Limit)
            {
                reservation = null;
                return false;
            }

            _reserved += amount;
        }

        reservation = new BudgetReservation(this, amount);
        return true;
    }

    /// <summary>The worst-case cost of a call: all input plus <paramref name="maxOutputTokens"/> of output.</summary>
    /// <param name="model">The upstream model.</param>
    /// <param name="estimatedInputTokens">The input estimate.</param>
    /// <param name="maxOutputTokens">The request's <c>max_tokens</c>.</param>
    /// <returns>The cost (0 for a model without a price).</returns>
    public decimal WorstCase(string model, long estimatedInputTokens, long maxOutputTokens) =>
        Prices.Cost(model, estimatedInputTokens, maxOutputTokens) ?? 0;

    internal void Settle(decimal reserved, decimal actual)
    {
        lock (_lock)
        {
            _reserved -= reserved;
            _spent += actual;
        }
    }
}
