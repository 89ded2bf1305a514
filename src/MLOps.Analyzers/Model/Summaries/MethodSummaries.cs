using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Runtime.CompilerServices;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;

using MLOps.Analyzers.Infrastructure;

namespace MLOps.Analyzers.Model
{
    /// <summary>
    /// What the project's own methods and members are, in terms the rules can follow across method, class and file
    /// boundaries: the body of a source method and the one value it returns (<see cref="BodyOf"/>), and the one value a
    /// field or property ever holds (<see cref="SingleValueOf"/>). Computed once per compilation, on demand, and shared by
    /// every rule (the rules run concurrently: every cache is thread-safe and nothing here takes a lock while it asks for
    /// another summary, so mutual recursion between methods cannot deadlock).
    /// </summary>
    /// <remarks>
    /// Only what the source says for certain is summarised: a method that may be overridden (virtual, abstract, an
    /// interface member), has no body, or is declared in metadata has no summary; neither has a member that is written
    /// anywhere but its initializer (or, for a static field without one, one plain assignment in the static constructor),
    /// nor a writable instance field or property (a configuration binder or a serializer may fill it), nor a writable
    /// member that another assembly can reach.
    /// Writes are found by name (in the declarations of its type for a private member, over the whole compilation
    /// otherwise, collected once), so another member with the same name that is written makes this one unknown too:
    /// reach is lost, never precision.
    /// </remarks>
    internal sealed class MethodSummaries
    {
        private static readonly ConditionalWeakTable<Compilation, MethodSummaries> Cache = new ConditionalWeakTable<Compilation, MethodSummaries>();

        private readonly Compilation _compilation;
        private readonly ConcurrentDictionary<IMethodSymbol, MethodBody?> _bodies =
            new ConcurrentDictionary<IMethodSymbol, MethodBody?>(SymbolEqualityComparer.Default);
        private readonly ConcurrentDictionary<ISymbol, IOperation?> _singleValues =
            new ConcurrentDictionary<ISymbol, IOperation?>(SymbolEqualityComparer.Default);
        private readonly Lazy<Dictionary<string, List<SyntaxNode>>> _writtenNames;
        private readonly ConcurrentDictionary<IMethodSymbol, IReadOnlyList<IInvocationOperation>> _callSites =
            new ConcurrentDictionary<IMethodSymbol, IReadOnlyList<IInvocationOperation>>(SymbolEqualityComparer.Default);
        private readonly ConcurrentDictionary<SyntaxTree, Dictionary<string, List<InvocationExpressionSyntax>>> _invocationsByName =
            new ConcurrentDictionary<SyntaxTree, Dictionary<string, List<InvocationExpressionSyntax>>>();

        private MethodSummaries(Compilation compilation)
        {
            _compilation = compilation;
            _writtenNames = new Lazy<Dictionary<string, List<SyntaxNode>>>(CollectWrittenNames, LazyThreadSafetyMode.ExecutionAndPublication);
        }

        /// <summary>The summaries of a compilation, shared by every rule and generator that asks.</summary>
        public static MethodSummaries Get(Compilation compilation) => Cache.GetValue(compilation, static c => new MethodSummaries(c));

        /// <summary>
        /// The body of a method of this compilation that cannot be replaced at run time (not virtual, abstract, extern or an
        /// interface member; one declaration with a body): an ordinary method, a local function, a property getter. Null
        /// otherwise.
        /// </summary>
        public MethodBody? BodyOf(IMethodSymbol method)
        {
            method = method.OriginalDefinition;
            if (_bodies.TryGetValue(method, out var cached))
            {
                return cached;
            }

            var body = ComputeBody(method);
            return _bodies.GetOrAdd(method, body);
        }

        /// <summary>
        /// The calls of <paramref name="method"/> written anywhere in the compilation (<c>M(...)</c>, <c>x.M(...)</c>), found
        /// once per method: only the files whose text holds the method's name as a word are read (a text search rejects
        /// the others), each of those walked once for every method (its invocations by the name they call), and only the
        /// invocations spelling that name are bound, in one semantic model per file. Calls through delegates or method groups
        /// are not calls here: a caller of those has to treat what it does not see as unknown.
        /// </summary>
        public IReadOnlyList<IInvocationOperation> CallSitesOf(IMethodSymbol method, CancellationToken cancellationToken)
        {
            method = method.OriginalDefinition;
            if (_callSites.TryGetValue(method, out var cached))
            {
                return cached;
            }

            var found = new List<IInvocationOperation>();
            foreach (var tree in _compilation.SyntaxTrees)
            {
                cancellationToken.ThrowIfCancellationRequested();
                var text = Infrastructure.SourceStrings.Of(tree);
                if (!Infrastructure.SourceStrings.ContainsWord(text, method.Name, 0, text.Length))
                {
                    continue;
                }

                if (!_invocationsByName.TryGetValue(tree, out var byName))
                {
                    // One walk per tree, the first time a method's name is found in its text: its invocations by the name they call.
                    byName = new Dictionary<string, List<InvocationExpressionSyntax>>(StringComparer.Ordinal);
                    foreach (var node in tree.GetRoot(cancellationToken).DescendantNodes())
                    {
                        if (node is InvocationExpressionSyntax candidate && CalledName(candidate.Expression) is { } called)
                        {
                            if (!byName.TryGetValue(called, out var list))
                            {
                                byName[called] = list = new List<InvocationExpressionSyntax>();
                            }

                            list.Add(candidate);
                        }
                    }

                    byName = _invocationsByName.GetOrAdd(tree, byName);
                }

                if (!byName.TryGetValue(method.Name, out var invocations))
                {
                    continue;
                }

                SemanticModel? semanticModel = null;
                foreach (var invocation in invocations)
                {
                    try
                    {
                        // One model per tree (SemanticModels) for every method asked: a caller's body is bound once, and its operation tree
                        // (and what is cached on it: LocalIndex, the callers' uses) is the same for the calls of every method.
                        semanticModel ??= SemanticModels.Of(_compilation, tree);
                        if (semanticModel.GetOperation(invocation, cancellationToken) is IInvocationOperation call
                            && SymbolEqualityComparer.Default.Equals(call.TargetMethod.OriginalDefinition, method))
                        {
                            found.Add(call);
                        }
                    }
                    catch (Exception e) when (e is not OperationCanceledException)
                    {
                        // incomplete code: not a call the model can read
                    }
                }
            }

            return _callSites.GetOrAdd(method, found);
        }

        private static string? CalledName(ExpressionSyntax expression) => expression switch
        {
            IdentifierNameSyntax identifier => identifier.Identifier.ValueText,
            GenericNameSyntax generic => generic.Identifier.ValueText,
            MemberAccessExpressionSyntax access => access.Name.Identifier.ValueText,
            MemberBindingExpressionSyntax binding => binding.Name.Identifier.ValueText,
            _ => null,
        };

        /// <summary>
        /// The only value a field or property ever holds: its initializer when nothing in the compilation writes a member of
        /// that name; for a static field without initializer, the one assignment of it, a statement of its type's static
        /// constructor; for a property with a getter body, the one value that getter returns. Null when it may change.
        /// Constants are not asked here (their value is already known).
        /// </summary>
        public IOperation? SingleValueOf(ISymbol member)
        {
            member = member.OriginalDefinition;
            if (_singleValues.TryGetValue(member, out var cached))
            {
                return cached;
            }

            IOperation? value = null;
            try
            {
                value = member switch
                {
                    IFieldSymbol field => ComputeFieldValue(field),
                    IPropertySymbol property => ComputePropertyValue(property),
                    _ => null,
                };
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                value = null; // incomplete code: unknown
            }

            return _singleValues.GetOrAdd(member, value);
        }

        /// <summary>
        /// The one write of a field that only this compilation can write (private, or readonly), declared in source without
        /// an initializer: the syntax of the only assignment of its name (see <see cref="WritesOf"/>). Null when it is
        /// written more than once or never, or may be written from elsewhere. The write may run more than once (in a loop,
        /// on every instance); every value the field holds after its default comes from it.
        /// </summary>
        public SyntaxNode? SingleWriteOf(IFieldSymbol field)
        {
            field = field.OriginalDefinition;
            if (field.IsConst || field.IsImplicitlyDeclared || field.DeclaringSyntaxReferences.Length != 1
                || !(field.IsReadOnly || field.DeclaredAccessibility == Accessibility.Private)
                || field.DeclaringSyntaxReferences[0].GetSyntax() is not VariableDeclaratorSyntax { Initializer: null } declarator
                || !_compilation.ContainsSyntaxTree(declarator.SyntaxTree))
            {
                return null;
            }

            return WritesOf(field) is { Count: 1 } writes ? writes[0] : null;
        }

        private MethodBody? ComputeBody(IMethodSymbol method)
        {
            if (method.MethodKind is not (MethodKind.Ordinary or MethodKind.LocalFunction or MethodKind.PropertyGet)
                || method.IsVirtual || method.IsAbstract || method.IsOverride || method.IsExtern
                || method.ContainingType is null || method.ContainingType.TypeKind == TypeKind.Interface
                || method.DeclaringSyntaxReferences.Length != 1
                || method.PartialImplementationPart is not null)
            {
                return null;
            }

            try
            {
                var syntax = method.DeclaringSyntaxReferences[0].GetSyntax();
                if (!_compilation.ContainsSyntaxTree(syntax.SyntaxTree) || syntax.ContainsDiagnostics
                    || syntax is AccessorDeclarationSyntax { Body: null, ExpressionBody: null })
                {
                    return null;
                }

                // A summary is of another method, possibly in another file: one model per tree (SemanticModels).
                var semanticModel = SemanticModels.Of(_compilation, syntax.SyntaxTree);
                var root = semanticModel.GetOperation(syntax);
                if (root is null)
                {
                    return null;
                }

                return new MethodBody(method, root, SingleReturnedValue(root));
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                return null; // incomplete code: unknown
            }
        }

        /// <summary>The value of the only <c>return</c> of a body (an expression body is one), not counting nested functions.</summary>
        private static IOperation? SingleReturnedValue(IOperation root)
        {
            IOperation? returned = null;
            foreach (var operation in root.Descendants())
            {
                if (operation is not IReturnOperation { Kind: OperationKind.Return } @return || !IsDirectlyIn(@return, root))
                {
                    continue;
                }

                if (returned is not null || @return.ReturnedValue is null)
                {
                    return null; // several returns: the value depends on the path taken
                }

                returned = @return.ReturnedValue;
            }

            return returned;
        }

        /// <summary>True when no lambda or local function lies between the operation and the body.</summary>
        public static bool IsDirectlyIn(IOperation operation, IOperation body)
        {
            for (var current = operation.Parent; current is not null && current != body; current = current.Parent)
            {
                if (current is IAnonymousFunctionOperation or ILocalFunctionOperation)
                {
                    return false;
                }
            }

            return true;
        }

        private IOperation? ComputeFieldValue(IFieldSymbol field)
        {
            if (field.IsConst || field.IsVolatile || field.DeclaringSyntaxReferences.Length != 1
                || field.DeclaringSyntaxReferences[0].GetSyntax() is not VariableDeclaratorSyntax declarator
                || !_compilation.ContainsSyntaxTree(declarator.SyntaxTree)
                || declarator.Parent?.Parent is not FieldDeclarationSyntax)
            {
                return null;
            }

            if (!field.IsReadOnly && (!field.IsStatic || IsVisibleOutsideTheAssembly(field)))
            {
                return null; // an instance field a serializer may fill, or a field another assembly may write
            }

            var writes = WritesOf(field);
            if (declarator.Initializer is { Value: { } initializer })
            {
                return writes is null ? OperationOf(initializer) : null;
            }

            // No initializer: a static field set by one statement of its type's static constructor.
            if (!field.IsStatic || writes is not { Count: 1 }
                || writes[0] is not AssignmentExpressionSyntax { RawKind: (int)SyntaxKind.SimpleAssignmentExpression } assignment
                || assignment.Parent is not ExpressionStatementSyntax { Parent: BlockSyntax { Parent: ConstructorDeclarationSyntax constructor } }
                || !constructor.Modifiers.Any(SyntaxKind.StaticKeyword))
            {
                return null;
            }

            if (OperationOf(assignment) is not ISimpleAssignmentOperation { Target: IFieldReferenceOperation target } operation
                || !SymbolEqualityComparer.Default.Equals(target.Field.OriginalDefinition, field))
            {
                return null;
            }

            return operation.Value;
        }

        private IOperation? ComputePropertyValue(IPropertySymbol property)
        {
            if (property.IsIndexer || property.IsVirtual || property.IsAbstract || property.IsOverride
                || property.DeclaringSyntaxReferences.Length != 1
                || property.DeclaringSyntaxReferences[0].GetSyntax() is not PropertyDeclarationSyntax declaration
                || !_compilation.ContainsSyntaxTree(declaration.SyntaxTree))
            {
                return null;
            }

            if (declaration.ExpressionBody is not null
                || declaration.AccessorList?.Accessors is { } accessors && HasGetterBody(accessors))
            {
                // A computed property: the one value its getter returns.
                return property.GetMethod is { } getter && BodyOf(getter) is { } body && getter.Parameters.Length == 0 ? body.ReturnedValue : null;
            }

            if (declaration.Initializer is not { Value: { } initializer })
            {
                return null;
            }

            if (property.SetMethod is { } setter && (!property.IsStatic || setter.IsInitOnly || IsVisibleOutsideTheAssembly(setter)))
            {
                return null; // options a configuration binder or a serializer fills, or a property another assembly may set
            }

            return WritesOf(property) is null ? OperationOf(initializer) : null;
        }

        /// <summary>True when code of another assembly may reach the member (public or protected, in public types all the way out).</summary>
        private static bool IsVisibleOutsideTheAssembly(ISymbol symbol)
        {
            for (var current = symbol; current is not null && current.Kind != SymbolKind.Namespace; current = current.ContainingSymbol)
            {
                if (current.DeclaredAccessibility is not (Accessibility.Public or Accessibility.Protected or Accessibility.ProtectedOrInternal))
                {
                    return false;
                }
            }

            return true;
        }

        private static bool HasGetterBody(SyntaxList<AccessorDeclarationSyntax> accessors)
        {
            foreach (var accessor in accessors)
            {
                if (accessor.Body is not null || accessor.ExpressionBody is not null)
                {
                    return true;
                }
            }

            return false;
        }

        /// <summary>The operation of a member's initializer or assignment; null when its text does not parse.</summary>
        private IOperation? OperationOf(SyntaxNode syntax)
        {
            if (syntax.ContainsDiagnostics)
            {
                return null;
            }

            // The member may be declared in another file: one model per tree (SemanticModels).
            return SemanticModels.Of(_compilation, syntax.SyntaxTree).GetOperation(syntax);
        }

        /// <summary>
        /// The writes of a member's name that may write the member: for a private member, those in the declarations of its
        /// type (nested types included); otherwise those anywhere in the compilation (collected once). Null when none.
        /// </summary>
        private List<SyntaxNode>? WritesOf(ISymbol member)
        {
            if (member.DeclaredAccessibility != Accessibility.Private || member.ContainingType is not { } type)
            {
                return _writtenNames.Value.TryGetValue(member.Name, out var anywhere) ? anywhere : null;
            }

            var names = new Dictionary<string, List<SyntaxNode>>(StringComparer.Ordinal);
            foreach (var reference in type.DeclaringSyntaxReferences)
            {
                CollectWrittenNames(reference.GetSyntax(), names);
            }

            return names.TryGetValue(member.Name, out var inType) ? inType : null;
        }

        /// <summary>
        /// Every simple name written in the compilation, once: the target of an assignment (simple, compound, <c>??=</c>,
        /// deconstruction, object initializer), of <c>++</c>/<c>--</c>, and a <c>ref</c>/<c>out</c> argument or <c>ref</c> expression.
        /// </summary>
        private Dictionary<string, List<SyntaxNode>> CollectWrittenNames()
        {
            var names = new Dictionary<string, List<SyntaxNode>>(StringComparer.Ordinal);
            foreach (var tree in _compilation.SyntaxTrees)
            {
                CollectWrittenNames(tree.GetRoot(), names);
            }

            return names;
        }

        private static void CollectWrittenNames(SyntaxNode root, Dictionary<string, List<SyntaxNode>> names)
        {
            foreach (var node in root.DescendantNodes())
            {
                switch (node)
                {
                    case AssignmentExpressionSyntax assignment:
                        AddTargets(assignment.Left, assignment, names);
                        break;
                    case PrefixUnaryExpressionSyntax { RawKind: (int)SyntaxKind.PreIncrementExpression or (int)SyntaxKind.PreDecrementExpression } prefix:
                        AddTargets(prefix.Operand, prefix, names);
                        break;
                    case PostfixUnaryExpressionSyntax { RawKind: (int)SyntaxKind.PostIncrementExpression or (int)SyntaxKind.PostDecrementExpression } postfix:
                        AddTargets(postfix.Operand, postfix, names);
                        break;
                    case ArgumentSyntax { RefKindKeyword.RawKind: not (int)SyntaxKind.None } argument:
                        AddTargets(argument.Expression, argument, names);
                        break;
                    case RefExpressionSyntax reference:
                        AddTargets(reference.Expression, reference, names);
                        break;
                }
            }
        }

        private static void AddTargets(ExpressionSyntax target, SyntaxNode write, Dictionary<string, List<SyntaxNode>> names)
        {
            switch (target)
            {
                case IdentifierNameSyntax identifier:
                    Add(identifier.Identifier.ValueText, write, names);
                    break;
                case MemberAccessExpressionSyntax member:
                    Add(member.Name.Identifier.ValueText, write, names);
                    break;
                case MemberBindingExpressionSyntax binding:
                    Add(binding.Name.Identifier.ValueText, write, names);
                    break;
                case ParenthesizedExpressionSyntax parenthesized:
                    AddTargets(parenthesized.Expression, write, names);
                    break;
                case TupleExpressionSyntax tuple:
                    foreach (var argument in tuple.Arguments)
                    {
                        AddTargets(argument.Expression, write, names);
                    }

                    break;
            }
        }

        private static void Add(string name, SyntaxNode write, Dictionary<string, List<SyntaxNode>> names)
        {
            if (!names.TryGetValue(name, out var list))
            {
                names[name] = list = new List<SyntaxNode>(1);
            }

            list.Add(write);
        }
    }

    /// <summary>The body of a source method, and the one value it returns (null when it returns on several paths or nothing).</summary>
    internal sealed class MethodBody
    {
        public MethodBody(IMethodSymbol method, IOperation root, IOperation? returnedValue)
        {
            Method = method;
            Root = root;
            ReturnedValue = returnedValue;
        }

        public IMethodSymbol Method { get; }

        /// <summary>The operation of the whole declaration (<see cref="IMethodBodyOperation"/>, <see cref="ILocalFunctionOperation"/>, ...).</summary>
        public IOperation Root { get; }

        public IOperation? ReturnedValue { get; }
    }
}
