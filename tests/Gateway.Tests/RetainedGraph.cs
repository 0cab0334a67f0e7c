using System.Reflection;
using System.Runtime.InteropServices;

namespace Eals.Gateway.Tests;

/// <summary>
/// Measures what an object retains: every object reachable through its fields, and the total length of every
/// array among them (a growing list, dictionary or cache grows an array). Operating-system handles, reflection
/// objects and thread-local storage (sized by threads, not by use) are not followed.
/// </summary>
public static class RetainedGraph
{
    public readonly record struct Size(int Objects, long ArrayElements);

    public static Size Measure(object root)
    {
        var seen = new HashSet<object>(ReferenceEqualityComparer.Instance);
        var pending = new Stack<object>();
        pending.Push(root);
        int objects = 0;
        long elements = 0;
        while (pending.TryPop(out var current))
        {
            var type = current.GetType();
            if ((!type.IsValueType && !seen.Add(current)) || IsOpaque(type))
            {
                continue;
            }
            objects++;
            if (current is Array array)
            {
                elements += array.Length;
                if (!type.GetElementType()!.IsPrimitive)
                {
                    foreach (var item in array)
                    {
                        if (item is not null)
                        {
                            pending.Push(item);
                        }
                    }
                }
                continue;
            }
            if (current is Delegate handler)
            {
                if (handler.Target is { } target)
                {
                    pending.Push(target);
                }
                continue;
            }
            for (var level = type; level is not null; level = level.BaseType)
            {
                foreach (var field in level.GetFields(BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.DeclaredOnly))
                {
                    if (!field.FieldType.IsPrimitive && !field.FieldType.IsPointer && field.GetValue(current) is { } value)
                    {
                        pending.Push(value);
                    }
                }
            }
        }
        return new Size(objects, elements);
    }

    private static bool IsOpaque(Type type)
        => type.IsPrimitive || type.IsEnum || type.IsPointer
           || typeof(MemberInfo).IsAssignableFrom(type) || typeof(Assembly).IsAssignableFrom(type) || typeof(Module).IsAssignableFrom(type)
           || typeof(SafeHandle).IsAssignableFrom(type)
           || (type.IsGenericType && type.GetGenericTypeDefinition() == typeof(ThreadLocal<>));
}
