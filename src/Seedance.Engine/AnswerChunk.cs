using System;
using System.Buffers;

namespace Seedance.Engine;

/// <summary>One piece of an answer read by <see cref="AnswerBody"/>, linked to the next as a <see cref="ReadOnlySequence{T}"/>.</summary>
internal sealed class AnswerChunk : ReadOnlySequenceSegment<byte>
{
    public AnswerChunk(ReadOnlyMemory<byte> bytes)
    {
        Memory = bytes;
    }

    public AnswerChunk Append(ReadOnlyMemory<byte> bytes)
    {
        var next = new AnswerChunk(bytes) { RunningIndex = RunningIndex + Memory.Length };
        Next = next;
        return next;
    }
}
