using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;
using MLOps.Analyzers.Model;
using MLOps.Analyzers.Tests.Verifiers;
using Xunit;

namespace MLOps.Analyzers.Tests
{
    /// <summary>
    /// <see cref="TypeBlocks"/>: the rules that need a whole type (MLO1001-1003, MLO4001, MLO4005) read its members' blocks
    /// themselves from a symbol action instead of collecting them between a symbol start and a symbol end. That is sound only
    /// if they read the blocks the driver would have handed them, and cheap only if they read the driver's own operation
    /// trees (no second binding). Both are checked here against the driver itself.
    /// </summary>
    public class TypeBlocksTests
    {
        private const string Members = """
            using System;
            namespace N
            {
                public partial class C : Base
                {
                    private readonly int _f = Compute(1), _g;
                    public static int S { get; } = Compute(2);
                    public int P => Compute(3);
                    public int Q { get { return Compute(4); } set { _q = value; } }
                    private int _q;
                    public C() : base(Compute(5)) { _g = Compute(6); }
                    static C() { }
                    public int M(int seed = 7)
                    {
                        int Local() => Compute(8);
                        Func<int> f = () => Compute(9);
                        return Local() + f() + seed;
                    }
                    public int E() => Compute(10);
                    public static C operator +(C a, C b) => a;
                    public static explicit operator int(C c) => c._f;
                    ~C() { }
                    public event EventHandler Ev { add { } remove { } }
                    public event EventHandler Ev2 = null;
                    public int this[int i] => i + _g;
                    partial void Pm();
                    partial void Pm() { }
                    [Obsolete("x")] public void Attributed() { }
                    public abstract class Nested { public int X = Compute(11); public abstract void Am(); }
                    private static int Compute(int x) => x;
                }

                public class Base { public Base(int x) { } }
                public struct S2 { public S2() { V = 1; } public int V; }
                public enum E1 { A = 1 }
                public interface I1 { int Dm() => 1; int Am(); }
                public record R(int A) { public int B { get; init; } = A; }
            }
            """;

        private const string OtherPart = """
            namespace N
            {
                public partial class C
                {
                    private int _h = 12;
                    private void M2() { _h++; }
                }
            }
            """;

        private const string TopLevel = """
            using System;
            var x = Twice(21);
            Console.WriteLine(x);
            static int Twice(int v) => v * 2;

            public partial class Program
            {
                private static int _y = 3;
            }
            """;

        [Fact]
        public async Task Every_block_the_driver_hands_out_is_read_and_nothing_else()
        {
            var recorder = await RecordAsync(OutputKind.DynamicallyLinkedLibrary, Members, OtherPart);
            AssertSameBlocks(recorder);
            Assert.Contains(recorder.Ours, b => b.Type == "N.C" && b.Block.Kind == OperationKind.FieldInitializer);
            Assert.Contains(recorder.Ours, b => b.Type == "N.C" && b.Block.Kind == OperationKind.PropertyInitializer);
            Assert.Contains(recorder.Ours, b => b.Type == "N.C" && b.Block.Kind == OperationKind.ConstructorBody);
            Assert.Contains(recorder.Ours, b => b.Type == "N.C" && b.Member == "N.C.M2()");
            Assert.Contains(recorder.Ours, b => b.Type == "N.C.Nested" && b.Block.Kind == OperationKind.FieldInitializer);
            Assert.DoesNotContain(recorder.Ours, b => b.Type == "N.C" && b.Member.StartsWith("N.C.Nested", StringComparison.Ordinal));
        }

        [Fact]
        public async Task Top_level_statements_are_the_blocks_of_Program()
        {
            var recorder = await RecordAsync(OutputKind.ConsoleApplication, TopLevel);
            AssertSameBlocks(recorder);
            Assert.Contains(recorder.Ours, b => b.Type == "Program" && b.Block.Kind == OperationKind.MethodBody && b.Block.Syntax is Microsoft.CodeAnalysis.CSharp.Syntax.CompilationUnitSyntax);
            Assert.Contains(recorder.Ours, b => b.Type == "Program" && b.Block.Kind == OperationKind.FieldInitializer);
        }

        [Fact]
        public async Task The_blocks_read_are_the_driver_s_own_operation_trees()
        {
            // The driver's blocks are children of the blocks read, as the same IOperation objects: the driver's caching
            // semantic-model provider answered, and nothing was bound twice.
            var recorder = await RecordAsync(OutputKind.DynamicallyLinkedLibrary, Members, OtherPart);
            var ours = new HashSet<IOperation>(recorder.Ours.Select(b => b.Block), ReferenceEqualityComparer.Instance);
            var driverBodies = recorder.Driver.Where(b => b.Block.Kind == OperationKind.Block).ToList();
            Assert.NotEmpty(driverBodies);
            Assert.All(driverBodies, b => Assert.True(ours.Contains(b.Block) || (b.Block.Parent is { } parent && ours.Contains(parent)), Describe(b)));
        }

        [Fact]
        public void No_rule_registers_a_symbol_start_action()
        {
            // A symbol-start action makes the driver track the end of every type of the compilation for that analyzer, under a
            // lock: on the 1,000-file workload that bookkeeping cost more than the rules (benchmarks/README.md). The rules that
            // need a whole type use a symbol action and TypeBlocks instead.
            var compilation = CSharpCompilation.Create(
                "Registrations",
                new[] { CSharpSyntaxTree.ParseText("class A { }") },
                TestReferences.Runtime.Concat(TestReferences.MLNet).Concat(TestReferences.AspNetCore));
            foreach (var analyzer in AllAnalyzers())
            {
                var context = new RecordingAnalysisContext(compilation);
                analyzer.Initialize(context);
                Assert.True(context.CompilationStarts > 0, analyzer.GetType().Name + " registered no compilation-start action");
                Assert.True(context.Start.Registrations.Count > 0, analyzer.GetType().Name + " registered nothing");
                Assert.DoesNotContain("SymbolStart", context.Start.Registrations);
            }
        }

        private static IEnumerable<DiagnosticAnalyzer> AllAnalyzers() =>
            typeof(MLOps.Analyzers.Infrastructure.MLNetAnalyzer).Assembly.GetTypes()
                .Where(type => !type.IsAbstract && typeof(DiagnosticAnalyzer).IsAssignableFrom(type)
                    && type.GetCustomAttributes(typeof(DiagnosticAnalyzerAttribute), inherit: false).Length > 0)
                .OrderBy(type => type.FullName, StringComparer.Ordinal)
                .Select(type => (DiagnosticAnalyzer)Activator.CreateInstance(type)!);

        /// <summary>
        /// The driver hands out a member's parts (the body block, a constructor initializer, an expression body), TypeBlocks
        /// their parent (the method or constructor body): every block of the driver must sit in exactly one block read, as
        /// the same object, with the same owning member, and every block read must hold one of the driver's.
        /// </summary>
        private static void AssertSameBlocks(Recorder recorder)
        {
            var ours = new Dictionary<IOperation, RecordedBlock>(ReferenceEqualityComparer.Instance);
            foreach (var read in recorder.Ours)
            {
                ours.Add(read.Block, read);
            }

            var covered = new HashSet<IOperation>(ReferenceEqualityComparer.Instance);
            // Parameter default values and attribute arguments are blocks the driver hands out too; they hold constants
            // only, and the type models read neither.
            foreach (var block in recorder.Driver.Where(b => b.Block.Kind is not OperationKind.ParameterInitializer and not OperationKind.Attribute))
            {
                var container = block.Block;
                while (container is not null && !ours.ContainsKey(container))
                {
                    container = container.Parent;
                }

                Assert.True(container is not null, "not read: " + Describe(block));
                var read = ours[container!];
                Assert.Equal(block.Type, read.Type);
                Assert.Equal(block.Member, read.Member);
                covered.Add(container!);
            }

            Assert.All(recorder.Ours, b => Assert.True(covered.Contains(b.Block), "read, but the driver has no block in it: " + Describe(b)));
        }

        private static string Describe(RecordedBlock block) =>
            $"{block.Type} | {block.Member} | {block.Block.Kind} | {block.Block.Syntax.SyntaxTree.FilePath}:{block.Block.Syntax.SpanStart}";

        private static async Task<Recorder> RecordAsync(OutputKind kind, params string[] sources)
        {
            var compilation = CSharpCompilation.Create(
                "TypeBlocks",
                sources.Select((source, i) => CSharpSyntaxTree.ParseText(source, path: $"File{i}.cs")),
                TestReferences.Runtime,
                new CSharpCompilationOptions(kind));
            Assert.Empty(compilation.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error));
            var recorder = new Recorder();
            var options = new CompilationWithAnalyzersOptions(
                new AnalyzerOptions(ImmutableArray<AdditionalText>.Empty),
                onAnalyzerException: (exception, _, _) => throw new InvalidOperationException("analyzer threw", exception),
                concurrentAnalysis: false,
                logAnalyzerExecutionTime: false);
            await compilation.WithAnalyzers(ImmutableArray.Create<DiagnosticAnalyzer>(recorder), options).GetAnalyzerDiagnosticsAsync();
            return recorder;
        }

        private sealed record RecordedBlock(string Type, string Member, IOperation Block);

#pragma warning disable RS1036, RS2008 // A recording analyzer of the tests, never shipped.
        [DiagnosticAnalyzer(LanguageNames.CSharp)]
        private sealed class Recorder : DiagnosticAnalyzer
        {
            private static readonly DiagnosticDescriptor Descriptor = new DiagnosticDescriptor(
                "TEST0001", "Recorder", "Recorder", "Test", DiagnosticSeverity.Warning, isEnabledByDefault: true);

            public ConcurrentBag<RecordedBlock> Driver { get; } = new ConcurrentBag<RecordedBlock>();

            public ConcurrentBag<RecordedBlock> Ours { get; } = new ConcurrentBag<RecordedBlock>();

            public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics => ImmutableArray.Create(Descriptor);

            public override void Initialize(AnalysisContext context)
            {
                context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
                context.EnableConcurrentExecution();
                context.RegisterOperationBlockAction(blockContext =>
                {
                    foreach (var block in blockContext.OperationBlocks)
                    {
                        Driver.Add(new RecordedBlock(
                            blockContext.OwningSymbol.ContainingType.ToDisplayString(), blockContext.OwningSymbol.ToDisplayString(), block));
                    }
                });
                context.RegisterSymbolAction(
                    symbolContext =>
                    {
                        var type = (INamedTypeSymbol)symbolContext.Symbol;
                        foreach (var memberBlock in TypeBlocks.OfMembers(type, symbolContext.Compilation, symbolContext.CancellationToken))
                        {
                            Ours.Add(new RecordedBlock(type.ToDisplayString(), memberBlock.Member.ToDisplayString(), memberBlock.Block));
                        }
                    },
                    SymbolKind.NamedType);
            }
        }

#pragma warning restore RS1036, RS2008

        /// <summary>Records which kinds of actions an analyzer registers in its compilation-start action.</summary>
        private sealed class RecordingAnalysisContext : AnalysisContext
        {
            private readonly Compilation _compilation;

            public RecordingAnalysisContext(Compilation compilation)
            {
                _compilation = compilation;
                Start = new RecordingStartContext(compilation);
            }

            public int CompilationStarts { get; private set; }

            public RecordingStartContext Start { get; }

            public override void RegisterCompilationStartAction(Action<CompilationStartAnalysisContext> action)
            {
                CompilationStarts++;
                action(Start);
            }

            public override void ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags analysisMode)
            {
            }

            public override void EnableConcurrentExecution()
            {
            }

            public override void RegisterCompilationAction(Action<CompilationAnalysisContext> action) => Start.Registrations.Add("Compilation");

            public override void RegisterSemanticModelAction(Action<SemanticModelAnalysisContext> action) => Start.Registrations.Add("SemanticModel");

            public override void RegisterSymbolAction(Action<SymbolAnalysisContext> action, ImmutableArray<SymbolKind> symbolKinds) => Start.Registrations.Add("Symbol");

            public override void RegisterSymbolStartAction(Action<SymbolStartAnalysisContext> action, SymbolKind symbolKind) => Start.Registrations.Add("SymbolStart");

            public override void RegisterCodeBlockStartAction<TLanguageKindEnum>(Action<CodeBlockStartAnalysisContext<TLanguageKindEnum>> action) => Start.Registrations.Add("CodeBlockStart");

            public override void RegisterCodeBlockAction(Action<CodeBlockAnalysisContext> action) => Start.Registrations.Add("CodeBlock");

            public override void RegisterSyntaxTreeAction(Action<SyntaxTreeAnalysisContext> action) => Start.Registrations.Add("SyntaxTree");

            public override void RegisterSyntaxNodeAction<TLanguageKindEnum>(Action<SyntaxNodeAnalysisContext> action, ImmutableArray<TLanguageKindEnum> syntaxKinds) => Start.Registrations.Add("SyntaxNode");

            public override void RegisterOperationAction(Action<OperationAnalysisContext> action, ImmutableArray<OperationKind> operationKinds) => Start.Registrations.Add("Operation");

            public override void RegisterOperationBlockStartAction(Action<OperationBlockStartAnalysisContext> action) => Start.Registrations.Add("OperationBlockStart");

            public override void RegisterOperationBlockAction(Action<OperationBlockAnalysisContext> action) => Start.Registrations.Add("OperationBlock");
        }

        private sealed class RecordingStartContext : CompilationStartAnalysisContext
        {
            public RecordingStartContext(Compilation compilation)
                : base(compilation, new AnalyzerOptions(ImmutableArray<AdditionalText>.Empty), CancellationToken.None)
            {
            }

            public List<string> Registrations { get; } = new List<string>();

            public override void RegisterCompilationEndAction(Action<CompilationAnalysisContext> action) => Registrations.Add("CompilationEnd");

            public override void RegisterSemanticModelAction(Action<SemanticModelAnalysisContext> action) => Registrations.Add("SemanticModel");

            public override void RegisterSymbolAction(Action<SymbolAnalysisContext> action, ImmutableArray<SymbolKind> symbolKinds) => Registrations.Add("Symbol");

            public override void RegisterSymbolStartAction(Action<SymbolStartAnalysisContext> action, SymbolKind symbolKind) => Registrations.Add("SymbolStart");

            public override void RegisterCodeBlockStartAction<TLanguageKindEnum>(Action<CodeBlockStartAnalysisContext<TLanguageKindEnum>> action) => Registrations.Add("CodeBlockStart");

            public override void RegisterCodeBlockAction(Action<CodeBlockAnalysisContext> action) => Registrations.Add("CodeBlock");

            public override void RegisterSyntaxTreeAction(Action<SyntaxTreeAnalysisContext> action) => Registrations.Add("SyntaxTree");

            public override void RegisterSyntaxNodeAction<TLanguageKindEnum>(Action<SyntaxNodeAnalysisContext> action, ImmutableArray<TLanguageKindEnum> syntaxKinds) => Registrations.Add("SyntaxNode");

            public override void RegisterOperationAction(Action<OperationAnalysisContext> action, ImmutableArray<OperationKind> operationKinds) => Registrations.Add("Operation");

            public override void RegisterOperationBlockStartAction(Action<OperationBlockStartAnalysisContext> action) => Registrations.Add("OperationBlockStart");

            public override void RegisterOperationBlockAction(Action<OperationBlockAnalysisContext> action) => Registrations.Add("OperationBlock");
        }
    }
}
