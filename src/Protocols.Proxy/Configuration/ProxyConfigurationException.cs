namespace Protocols.Proxy.Configuration;

/// <summary>
/// An invalid setting: start-up stops and prints <see cref="Exception.Message"/> as one line, never a
/// stack trace. The message names the setting, the value that was refused and what to write instead.
/// </summary>
public sealed class ProxyConfigurationException : Exception
{
    /// <summary>Creates the error.</summary>
    /// <param name="message">One line: the setting, the refused value, what to write instead.</param>
    /// <param name="inner">The underlying error, if any.</param>
    public ProxyConfigurationException(string message, Exception? inner = null)
        : base(message, inner)
    {
    }
}
