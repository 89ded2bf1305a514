using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Runtime.CompilerServices;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace MLOps.Analyzers.Generators
{
    /// <summary>
    /// The compilation as the per-member extraction depends on it beyond the member's own file: a fingerprint of every
    /// file's declarations (everything but member bodies), the options and the references.
    /// </summary>
    /// <remarks>
    /// This is what lets an unchanged member skip extraction after an edit elsewhere (the IDE case): the generator's
    /// extraction input is (owner syntax node, this key, the compilation), compared without the compilation
    /// (<see cref="MemberInputComparer"/>), and Roslyn compares it with the previous run's. A syntax node compares by
    /// reference, so it is equal exactly when its file did not change. The extraction of a member reads: its own file
    /// (helpers, call sites of a factory, field initializers are followed only there), declarations of the whole
    /// compilation (types, signatures, constants, attributes: row types' schemas), the references and the options. Method
    /// bodies of other files are never read, so editing one cannot change another file's pipelines, and the key says
    /// "unchanged". If the model ever follows a helper body in another file, that file's text must join the key: the
    /// files of helpers that take a model or return a string (<see cref="HoldsModelHelper"/>), and the files whose text
    /// names a method that returns a model in a tuple (<see cref="ReturnsModelTuple"/>: the extraction follows that model
    /// to the method's callers in any file) are in it whole.
    /// </remarks>
    internal sealed class CompilationKey : IEquatable<CompilationKey>
    {
        private static readonly ConditionalWeakTable<SyntaxTree, StrongBox<(ulong, ulong)>> TreeSignatures = new ConditionalWeakTable<SyntaxTree, StrongBox<(ulong, ulong)>>();
        private static readonly ConditionalWeakTable<SyntaxTree, StrongBox<(ulong, ulong)>> WholeSignatures = new ConditionalWeakTable<SyntaxTree, StrongBox<(ulong, ulong)>>();
        private static readonly ConditionalWeakTable<SyntaxTree, string[]> ModelTupleMethods = new ConditionalWeakTable<SyntaxTree, string[]>();
        private static readonly ConditionalWeakTable<SyntaxTree, StrongBox<Tuple<string, bool>?>> NamesModelTupleMethod = new ConditionalWeakTable<SyntaxTree, StrongBox<Tuple<string, bool>?>>();

        private readonly string _assemblyName;
        private readonly CompilationOptions _options;
        private readonly ImmutableArray<SyntaxTree> _trees;
        private readonly ImmutableArray<MetadataReference> _references;
        private StrongBox<(ulong, ulong)>? _hash;

        private CompilationKey(string assemblyName, CompilationOptions options, ImmutableArray<SyntaxTree> trees, ImmutableArray<MetadataReference> references)
        {
            _assemblyName = assemblyName;
            _options = options;
            _trees = trees;
            _references = references;
        }

        /// <summary>
        /// The key of <paramref name="compilation"/>. Nothing is hashed here: the fingerprint is computed the first time the
        /// key is compared (Roslyn compares a step's input with the previous run's only when there is one, so a command-line
        /// build, which runs the generator once, never hashes; the IDE hashes on its second run, and after that only the
        /// trees that changed, whose signatures are cached per tree). The key holds the trees, not the compilation.
        /// </summary>
        public static CompilationKey Create(Compilation compilation) =>
            new CompilationKey(compilation.AssemblyName ?? string.Empty, compilation.Options, compilation.SyntaxTrees.ToImmutableArray(), compilation.References.ToImmutableArray());

        private (ulong, ulong) Hash()
        {
            if (_hash is { } known)
            {
                return known.Value;
            }

            var hash = new Hasher();
            hash.Add(_assemblyName);
            // Not Options.GetHashCode(): the command-line compiler's resolvers in the options do not implement it.
            var options = _options;
            hash.Add((int)options.OutputKind);
            hash.Add((int)options.NullableContextOptions);
            hash.Add(options is CSharpCompilationOptions { AllowUnsafe: true } ? 1 : 0);
            hash.Add(options.CheckOverflow ? 1 : 0);
            hash.Add((int)options.MetadataImportOptions);
            hash.Add((int)options.Platform);
            foreach (var tree in _trees)
            {
                var signature = TreeSignatures.GetValue(tree, static t => new StrongBox<(ulong, ulong)>(Signature(t)));
                hash.Add(signature.Value.Item1);
                hash.Add(signature.Value.Item2);
            }

            // A method returning a model in a tuple is followed to its callers in any file: a file whose text names such a
            // method has its bodies in the key (usually no method does, and nothing more is read).
            var names = new SortedSet<string>(StringComparer.Ordinal);
            foreach (var tree in _trees)
            {
                names.UnionWith(ModelTupleMethods.GetValue(tree, static t => DeclaredModelTupleMethods(t.GetRoot())));
            }

            if (names.Count > 0)
            {
                var key = string.Join("\n", names);
                foreach (var tree in _trees)
                {
                    var box = NamesModelTupleMethod.GetValue(tree, static _ => new StrongBox<Tuple<string, bool>?>(null));
                    if (box.Value is not { } seen || seen.Item1 != key)
                    {
                        var text = Infrastructure.SourceStrings.Of(tree);
                        var mentions = false;
                        foreach (var name in names)
                        {
                            mentions |= Infrastructure.SourceStrings.ContainsWord(text, name, 0, text.Length);
                        }

                        seen = Tuple.Create(key, mentions);
                        box.Value = seen;
                    }

                    if (seen.Item2)
                    {
                        var whole = WholeSignatures.GetValue(tree, static t => new StrongBox<(ulong, ulong)>(Signature(t, wholeFile: true)));
                        hash.Add(whole.Value.Item1);
                        hash.Add(whole.Value.Item2);
                    }
                }
            }

            var value = (hash.H1, hash.H2);
            _hash = new StrongBox<(ulong, ulong)>(value);
            return value;
        }

        public bool Equals(CompilationKey? other)
        {
            if (other is null)
            {
                return false;
            }

            if (ReferenceEquals(this, other))
            {
                return true;
            }

            if (_references.Length != other._references.Length || _trees.Length != other._trees.Length || Hash() != other.Hash())
            {
                return false;
            }

            for (var i = 0; i < _references.Length; i++)
            {
                if (!ReferenceEquals(_references[i], other._references[i]) && !Equals(_references[i], other._references[i]))
                {
                    return false;
                }
            }

            return true;
        }

        public override bool Equals(object? obj) => Equals(obj as CompilationKey);

        public override int GetHashCode() => Hash().Item1.GetHashCode();

        /// <summary>
        /// A file's declarations: its path, parse options, every token outside member bodies (so usings, attributes,
        /// signatures, constant and field initializers, enum values count), and where each type declaration starts (the
        /// manifest records where a row type is declared). Method, accessor, constructor and operator bodies are left out,
        /// except a static constructor's (it may give fields their only value).
        /// </summary>
        private static (ulong, ulong) Signature(SyntaxTree tree) => Signature(tree, wholeFile: false);

        private static (ulong, ulong) Signature(SyntaxTree tree, bool wholeFile)
        {
            var hash = new Hasher();
            hash.Add(tree.FilePath ?? string.Empty);
            if (tree.Options is CSharpParseOptions parse)
            {
                hash.Add((int)parse.LanguageVersion);
                hash.Add((int)parse.Kind);
                foreach (var symbol in parse.PreprocessorSymbolNames)
                {
                    hash.Add(symbol);
                }
            }
            var root = tree.GetRoot();
            wholeFile = wholeFile || HoldsModelHelper(root);
            foreach (var token in root.DescendantTokens(node => wholeFile || !IsBody(node)))
            {
                hash.Add(token.RawKind);
                hash.Add(token.Text);
            }

            foreach (var node in root.DescendantNodes(static node => !IsBody(node) && node is CompilationUnitSyntax or BaseNamespaceDeclarationSyntax or BaseTypeDeclarationSyntax))
            {
                if (node is BaseTypeDeclarationSyntax type)
                {
                    var start = tree.GetLineSpan(type.Span).StartLinePosition;
                    hash.Add(start.Line);
                    hash.Add(start.Character);
                }
            }

            return (hash.H1, hash.H2);
        }

        /// <summary>
        /// True when a method of the file takes a model (a parameter whose type names a <c>...Transformer</c> or
        /// <c>TransformerChain</c>), or a method or property of the file returns a string (a path helper, see
        /// <see cref="IsString"/>): the extraction follows such helpers into other files (evaluations and saves of the
        /// model passed to them; the path they return), so every token of such a file, bodies included, is in the key.
        /// </summary>
        private static bool HoldsModelHelper(SyntaxNode root)
        {
            foreach (var node in root.DescendantNodes(static node => node is CompilationUnitSyntax or BaseNamespaceDeclarationSyntax or TypeDeclarationSyntax))
            {
                if (node is MethodDeclarationSyntax method && (TakesModel(method) || IsString(method.ReturnType)))
                {
                    return true;
                }

                if (node is PropertyDeclarationSyntax property && IsString(property.Type))
                {
                    return true;
                }
            }

            return false;
        }

        /// <summary>
        /// Whether a return or property type is <c>string</c>: the data paths of the manifest follow the project's path
        /// helpers and property getters into other files (Model/Data/DataPaths, through MethodSummaries), so their bodies
        /// must be part of the key too, or an edit of a helper in another file would leave the manifest's path stale.
        /// </summary>
        private static bool IsString(TypeSyntax type) =>
            type is PredefinedTypeSyntax predefined && predefined.Keyword.IsKind(SyntaxKind.StringKeyword)
            || type is IdentifierNameSyntax { Identifier.ValueText: "String" }
            || type is QualifiedNameSyntax { Right.Identifier.ValueText: "String" }
            || type is NullableTypeSyntax nullable && IsString(nullable.ElementType);

        /// <summary>Whether a method declares a parameter whose type names a transformer (<c>ITransformer</c>, <c>TransformerChain&lt;T&gt;</c>, ...).</summary>
        internal static bool TakesModel(MethodDeclarationSyntax method)
        {
            foreach (var parameter in method.ParameterList.Parameters)
            {
                if (parameter.Type is null)
                {
                    continue;
                }

                foreach (var token in parameter.Type.DescendantTokens())
                {
                    if (token.IsKind(SyntaxKind.IdentifierToken)
                        && (token.ValueText.EndsWith("Transformer", StringComparison.Ordinal) || token.ValueText == "TransformerChain"))
                    {
                        return true;
                    }
                }
            }

            return false;
        }

        /// <summary>The names of the file's methods that return a model in a tuple (<see cref="ReturnsModelTuple"/>).</summary>
        private static string[] DeclaredModelTupleMethods(SyntaxNode root)
        {
            List<string>? names = null;
            foreach (var node in root.DescendantNodes(static node => node is CompilationUnitSyntax or BaseNamespaceDeclarationSyntax or TypeDeclarationSyntax))
            {
                if (node is MethodDeclarationSyntax method && ReturnsModelTuple(method))
                {
                    (names ??= new List<string>()).Add(method.Identifier.ValueText);
                }
            }

            return names?.ToArray() ?? Array.Empty<string>();
        }

        /// <summary>
        /// Whether a method's declared return type is a tuple one of whose element types names a transformer
        /// (<c>(ITransformer model, IDataView test) Train(...)</c>): the extraction follows the model such a method returns to
        /// its callers in other files, so a file whose text names such a method has its bodies in the key.
        /// </summary>
        internal static bool ReturnsModelTuple(MethodDeclarationSyntax method)
        {
            if (method.ReturnType is not TupleTypeSyntax tuple)
            {
                return false;
            }

            foreach (var element in tuple.Elements)
            {
                foreach (var token in element.Type.DescendantTokens())
                {
                    if (token.IsKind(SyntaxKind.IdentifierToken)
                        && (token.ValueText.EndsWith("Transformer", StringComparison.Ordinal) || token.ValueText == "TransformerChain"))
                    {
                        return true;
                    }
                }
            }

            return false;
        }

        private static bool IsBody(SyntaxNode node) =>
            node is BlockSyntax or ArrowExpressionClauseSyntax
            && node.Parent is BaseMethodDeclarationSyntax or AccessorDeclarationSyntax or PropertyDeclarationSyntax or IndexerDeclarationSyntax
            && !(node.Parent is ConstructorDeclarationSyntax constructor && constructor.Modifiers.Any(SyntaxKind.StaticKeyword))
            || node is GlobalStatementSyntax;

        /// <summary>Two 64-bit FNV-1a variants: a collision would need both to collide.</summary>
        private struct Hasher
        {
            private ulong _h1;
            private ulong _h2;
            private bool _started;

            public ulong H1 => _started ? _h1 : 14695981039346656037UL;

            public ulong H2 => _started ? _h2 : 0x9E3779B97F4A7C15UL;

            public void Add(string text)
            {
                Start();
                foreach (var c in text)
                {
                    Mix(c);
                }

                Mix((char)0xFFFF);
            }

            public void Add(int value) => Add((ulong)(uint)value);

            public void Add(ulong value)
            {
                Start();
                for (var i = 0; i < 4; i++)
                {
                    Mix((char)(value & 0xFFFF));
                    value >>= 16;
                }
            }

            private void Start()
            {
                if (!_started)
                {
                    _h1 = 14695981039346656037UL;
                    _h2 = 0x9E3779B97F4A7C15UL;
                    _started = true;
                }
            }

            private void Mix(char c)
            {
                _h1 = (_h1 ^ c) * 1099511628211UL;
                _h2 = (_h2 ^ c) * 0x100000001B3UL + 0x632BE59BD9B4E019UL;
                _h2 ^= _h2 >> 29;
            }
        }
    }

    /// <summary>
    /// Compares the extraction's input ((member node, key), compilation) without the compilation: the node by reference
    /// (the same object exactly when its file did not change), the key by value. When equal, Roslyn keeps the previous
    /// input and does not run the extraction again.
    /// </summary>
    internal sealed class MemberInputComparer : System.Collections.Generic.IEqualityComparer<((SyntaxNode Left, CompilationKey? Right) Left, Compilation Right)>
    {
        public static readonly MemberInputComparer Instance = new MemberInputComparer();

        public bool Equals(((SyntaxNode Left, CompilationKey? Right) Left, Compilation Right) x, ((SyntaxNode Left, CompilationKey? Right) Left, Compilation Right) y) =>
            ReferenceEquals(x.Left.Left, y.Left.Left) && Equals(x.Left.Right, y.Left.Right);

        public int GetHashCode(((SyntaxNode Left, CompilationKey? Right) Left, Compilation Right) obj) =>
            System.Runtime.CompilerServices.RuntimeHelpers.GetHashCode(obj.Left.Left);
    }
}
