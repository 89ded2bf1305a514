using Microsoft.CodeAnalysis;

namespace MLOps.Analyzers.Generators
{
    /// <summary>
    /// Whether generated code may declare a namespace: a user type named like the namespace or one of its parents
    /// (<c>class MLOps { }</c> in the global namespace, <c>namespace MLOps { class Testing { } }</c>) makes the declaration
    /// an error (CS0101), whatever the generated code writes. Then the generator leaves that output out.
    /// </summary>
    internal static class GeneratedNamespaces
    {
        public static bool CanDeclare(IAssemblySymbol assembly, string qualifiedName)
        {
            INamespaceSymbol? current = assembly.GlobalNamespace;
            foreach (var part in qualifiedName.Split('.'))
            {
                if (current is null)
                {
                    return true;
                }

                if (current.GetTypeMembers(part).Length > 0)
                {
                    return false;
                }

                INamespaceSymbol? next = null;
                foreach (var member in current.GetNamespaceMembers())
                {
                    if (member.Name == part)
                    {
                        next = member;
                        break;
                    }
                }

                current = next;
            }

            return true;
        }
    }
}
