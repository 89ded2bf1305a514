using System;

namespace MLOps.Tool
{
    /// <summary>Bad input (unreadable file, broken JSON, unsupported schema version, unknown policy key, ...): one line
    /// for the user, exit code 2, never a stack trace.</summary>
    public sealed class InputException : Exception
    {
        public InputException(string message)
            : base(message)
        {
        }
    }
}
