using System;
using System.Collections.Generic;

namespace Seedance.Engine.Gallery;

/// <summary>
/// Orders names as people count: "row-2" before "row-10". Runs of digits compare by value, everything else by
/// ordinal, case-insensitive comparison, so -FileName '{Index}-{Prompt}' folders list in input order.
/// </summary>
internal sealed class NaturalOrder : IComparer<string>
{
    public static NaturalOrder Instance { get; } = new();

    public int Compare(string? left, string? right)
    {
        if (ReferenceEquals(left, right))
        {
            return 0;
        }

        if (left is null || right is null)
        {
            return left is null ? -1 : 1;
        }

        int i = 0, j = 0;
        while (i < left.Length && j < right.Length)
        {
            if (IsAsciiDigit(left[i]) && IsAsciiDigit(right[j]))
            {
                var leftEnd = DigitsEnd(left, i);
                var rightEnd = DigitsEnd(right, j);
                var byValue = CompareDigits(left.Substring(i, leftEnd - i), right.Substring(j, rightEnd - j));
                if (byValue != 0)
                {
                    return byValue;
                }

                i = leftEnd;
                j = rightEnd;
                continue;
            }

            var byCharacter = char.ToUpperInvariant(left[i]).CompareTo(char.ToUpperInvariant(right[j]));
            if (byCharacter != 0)
            {
                return byCharacter;
            }

            i++;
            j++;
        }

        var byLength = (left.Length - i).CompareTo(right.Length - j);
        return byLength != 0 ? byLength : string.CompareOrdinal(left, right);
    }

    private static bool IsAsciiDigit(char character) => character is >= '0' and <= '9';

    private static int DigitsEnd(string text, int start)
    {
        var end = start;
        while (end < text.Length && IsAsciiDigit(text[end]))
        {
            end++;
        }

        return end;
    }

    private static int CompareDigits(string left, string right)
    {
        var leftValue = left.TrimStart('0');
        var rightValue = right.TrimStart('0');
        var byMagnitude = leftValue.Length.CompareTo(rightValue.Length);
        return byMagnitude != 0 ? byMagnitude : string.CompareOrdinal(leftValue, rightValue);
    }
}
