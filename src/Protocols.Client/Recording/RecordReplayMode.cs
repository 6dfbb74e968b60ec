namespace Protocols.Client;

/// <summary>What a <see cref="RecordReplayHandler"/> does.</summary>
public enum RecordReplayMode
{
    /// <summary>Replay when the fixture file exists, record otherwise.</summary>
    Auto,

    /// <summary>Send requests on and record every exchange (redacted) to the fixture file, replacing it.</summary>
    Record,

    /// <summary>Answer from the fixture file only; nothing reaches the network, and an unrecorded request fails.</summary>
    Replay,
}
