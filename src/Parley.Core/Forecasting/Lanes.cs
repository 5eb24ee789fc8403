using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
namespace Parley.Core.Forecasting;

/// <summary>
/// A vector of doubles of the widest size the processor accelerates, for kernels written once and compiled per width
/// (generic methods over a struct are specialised by the JIT, so there is no indirection). Each operation is the IEEE
/// operation per lane, never fused, so a kernel's lanes give the scalar formula's results bit for bit.
/// (.NET's own ISimdVector is not public in .NET 10.)
/// </summary>
/// <typeparam name="TSelf">The vector type.</typeparam>
internal interface ILanes<TSelf>
    where TSelf : struct, ILanes<TSelf>
{
    /// <summary>Doubles per vector.</summary>
    static abstract int Count { get; }

    /// <summary>Every lane x.</summary>
    static abstract TSelf Broadcast(double x);

    /// <summary>The first <see cref="Count"/> values of a span.</summary>
    static abstract TSelf Load(ReadOnlySpan<double> source);

    /// <summary>All lanes' bits set when <paramref name="on"/>, otherwise none (a mask for <see cref="Select"/>).</summary>
    static abstract TSelf Mask(bool on);

    /// <summary>Per lane: <paramref name="whenTrue"/>'s bits where the mask's are set, otherwise <paramref name="whenFalse"/>'s.</summary>
    static abstract TSelf Select(TSelf mask, TSelf whenTrue, TSelf whenFalse);

    /// <summary>Per lane: a when a ≤ limit, otherwise b.</summary>
    static abstract TSelf WhereAtMost(TSelf x, TSelf limit, TSelf a, TSelf b);

    /// <summary>|x| per lane.</summary>
    static abstract TSelf Abs(TSelf x);

    static abstract TSelf operator +(TSelf a, TSelf b);

    static abstract TSelf operator -(TSelf a, TSelf b);

    static abstract TSelf operator *(TSelf a, TSelf b);

    static abstract TSelf operator /(TSelf a, TSelf b);

    static abstract TSelf operator -(TSelf a);

    /// <summary>Writes the lanes to the start of a span.</summary>
    void Store(Span<double> destination);
}

/// <summary>Four doubles (AVX2).</summary>
internal readonly struct Lanes256(Vector256<double> v) : ILanes<Lanes256>
{
    private readonly Vector256<double> v = v;

    public static int Count => Vector256<double>.Count;

    public static Lanes256 Broadcast(double x) => new(Vector256.Create(x));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Lanes256 Load(ReadOnlySpan<double> source) => new(Vector256.Create(source));

    public static Lanes256 Mask(bool on) => new(on ? Vector256<double>.AllBitsSet : Vector256<double>.Zero);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Lanes256 Select(Lanes256 mask, Lanes256 whenTrue, Lanes256 whenFalse) => new(Vector256.ConditionalSelect(mask.v, whenTrue.v, whenFalse.v));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Lanes256 WhereAtMost(Lanes256 x, Lanes256 limit, Lanes256 a, Lanes256 b) =>
        new(Vector256.ConditionalSelect(Vector256.LessThanOrEqual(x.v, limit.v), a.v, b.v));

    public static Lanes256 Abs(Lanes256 x) => new(Vector256.Abs(x.v));

    public static Lanes256 operator +(Lanes256 a, Lanes256 b) => new(a.v + b.v);

    public static Lanes256 operator -(Lanes256 a, Lanes256 b) => new(a.v - b.v);

    public static Lanes256 operator *(Lanes256 a, Lanes256 b) => new(a.v * b.v);

    public static Lanes256 operator /(Lanes256 a, Lanes256 b) => new(a.v / b.v);

    public static Lanes256 operator -(Lanes256 a) => new(-a.v);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Store(Span<double> destination) => v.CopyTo(destination);
}

/// <summary>Eight doubles (AVX-512).</summary>
internal readonly struct Lanes512(Vector512<double> v) : ILanes<Lanes512>
{
    private readonly Vector512<double> v = v;

    public static int Count => Vector512<double>.Count;

    public static Lanes512 Broadcast(double x) => new(Vector512.Create(x));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Lanes512 Load(ReadOnlySpan<double> source) => new(Vector512.Create(source));

    public static Lanes512 Mask(bool on) => new(on ? Vector512<double>.AllBitsSet : Vector512<double>.Zero);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Lanes512 Select(Lanes512 mask, Lanes512 whenTrue, Lanes512 whenFalse) => new(Vector512.ConditionalSelect(mask.v, whenTrue.v, whenFalse.v));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Lanes512 WhereAtMost(Lanes512 x, Lanes512 limit, Lanes512 a, Lanes512 b) =>
        new(Vector512.ConditionalSelect(Vector512.LessThanOrEqual(x.v, limit.v), a.v, b.v));

    public static Lanes512 Abs(Lanes512 x) => new(Vector512.Abs(x.v));

    public static Lanes512 operator +(Lanes512 a, Lanes512 b) => new(a.v + b.v);

    public static Lanes512 operator -(Lanes512 a, Lanes512 b) => new(a.v - b.v);

    public static Lanes512 operator *(Lanes512 a, Lanes512 b) => new(a.v * b.v);

    public static Lanes512 operator /(Lanes512 a, Lanes512 b) => new(a.v / b.v);

    public static Lanes512 operator -(Lanes512 a) => new(-a.v);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Store(Span<double> destination) => v.CopyTo(destination);
}
