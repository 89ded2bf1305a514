using System.Collections.Generic;
using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;
using MLOps.Analyzers.Infrastructure;

namespace MLOps.Analyzers.Performance
{
    /// <summary>
    /// MLO5003: a call to ML.NET's <c>DebuggerExtensions.Preview</c> (on a data view, a transformer, an estimator or a
    /// loader) in a project that is not a test project. Code that only runs in debug builds or under a debugger is
    /// exempt: a method marked <c>[Conditional("DEBUG")]</c>, an argument of such a method (<c>Debug.WriteLine</c>),
    /// an <c>#if DEBUG</c> region and an <c>if (Debugger.IsAttached)</c> branch.
    /// </summary>
    [DiagnosticAnalyzer(LanguageNames.CSharp)]
    public sealed class PreviewOutsideTestsAnalyzer : MLNetAnalyzer
    {
        /// <summary>Attributes that mark a test method in xUnit (v2 and v3), NUnit, MSTest and TUnit.</summary>
        private static readonly string[] TestAttributeTypes =
        {
            "Xunit.FactAttribute",
            "NUnit.Framework.TestAttribute",
            "Microsoft.VisualStudio.TestTools.UnitTesting.TestMethodAttribute",
            "TUnit.Core.TestAttribute",
        };

        /// <summary>The assemblies that define them, for compilations where the type name is ambiguous.</summary>
        private static readonly string[] TestFrameworkAssemblies =
        {
            "xunit.core",
            "xunit.v3.core",
            "nunit.framework",
            "Microsoft.VisualStudio.TestPlatform.TestFramework",
            "MSTest.TestFramework",
            "TUnit.Core",
        };

        private const string DebugSymbol = "DEBUG";

        public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } =
            ImmutableArray.Create(DiagnosticDescriptors.PreviewOutsideTests);

        private protected override void AnalyzeCompilation(CompilationStartAnalysisContext context, MLNetSymbols symbols)
        {
            var compilation = context.Compilation;
            var debuggerExtensions = compilation.GetTypeByMetadataName("Microsoft.ML.DebuggerExtensions");
            if (debuggerExtensions is null || IsTestProject(compilation))
            {
                return;
            }

            var conditional = compilation.GetTypeByMetadataName("System.Diagnostics.ConditionalAttribute");
            var debugger = compilation.GetTypeByMetadataName("System.Diagnostics.Debugger");
            context.RegisterOperationAction(
                operationContext =>
                {
                    var invocation = (IInvocationOperation)operationContext.Operation;
                    var method = invocation.TargetMethod;
                    if (method.Name != "Preview" || !SymbolEqualityComparer.Default.Equals((method.ReducedFrom ?? method).ContainingType, debuggerExtensions))
                    {
                        return;
                    }

                    if (IsDebugOnly(invocation, operationContext.ContainingSymbol, conditional, debugger) || IsInDebugOnlyRegion(invocation.Syntax))
                    {
                        return;
                    }

                    operationContext.ReportDiagnostic(Diagnostic.Create(DiagnosticDescriptors.PreviewOutsideTests, invocation.Syntax.GetLocation()));
                },
                OperationKind.Invocation);
        }

        /// <summary>A project that references a test framework is test code as a whole.</summary>
        private static bool IsTestProject(Compilation compilation)
        {
            foreach (var name in TestAttributeTypes)
            {
                if (compilation.GetTypeByMetadataName(name) is not null)
                {
                    return true;
                }
            }

            foreach (var assembly in compilation.ReferencedAssemblyNames)
            {
                if (System.Array.IndexOf(TestFrameworkAssemblies, assembly.Name) >= 0)
                {
                    return true;
                }
            }

            return false;
        }

        /// <summary>
        /// True when the call only runs in debug builds or under a debugger: inside a <c>[Conditional("DEBUG")]</c>
        /// method or local function, inside the arguments of a call to one, or in the true branch of
        /// <c>if (Debugger.IsAttached)</c>.
        /// </summary>
        private static bool IsDebugOnly(IOperation operation, ISymbol? containingSymbol, INamedTypeSymbol? conditional, INamedTypeSymbol? debugger)
        {
            for (var symbol = containingSymbol; symbol is IMethodSymbol; symbol = symbol.ContainingSymbol)
            {
                if (IsConditionalOnDebug(symbol, conditional))
                {
                    return true;
                }
            }

            var child = operation;
            for (var current = operation.Parent; current is not null; child = current, current = current.Parent)
            {
                switch (current)
                {
                    case IInvocationOperation call when IsConditionalOnDebug(call.TargetMethod, conditional):
                        return true;
                    case ILocalFunctionOperation localFunction when IsConditionalOnDebug(localFunction.Symbol, conditional):
                        return true;
                    case IConditionalOperation branch when branch.WhenTrue == child && ChecksDebuggerAttached(branch.Condition, debugger):
                        return true;
                }
            }

            return false;
        }

        private static bool IsConditionalOnDebug(ISymbol symbol, INamedTypeSymbol? conditional)
        {
            if (conditional is null)
            {
                return false;
            }

            foreach (var attribute in symbol.GetAttributes())
            {
                if (SymbolEqualityComparer.Default.Equals(attribute.AttributeClass, conditional)
                    && attribute.ConstructorArguments.Length == 1
                    && attribute.ConstructorArguments[0].Value is string condition
                    && condition == DebugSymbol)
                {
                    return true;
                }
            }

            return false;
        }

        /// <summary><c>Debugger.IsAttached</c>, alone or as one side of an <c>&amp;&amp;</c>.</summary>
        private static bool ChecksDebuggerAttached(IOperation condition, INamedTypeSymbol? debugger)
        {
            if (debugger is null)
            {
                return false;
            }

            switch (condition)
            {
                case IPropertyReferenceOperation { Property: { Name: "IsAttached" } property }:
                    return SymbolEqualityComparer.Default.Equals(property.ContainingType, debugger);
                case IBinaryOperation { OperatorKind: BinaryOperatorKind.ConditionalAnd } and:
                    return ChecksDebuggerAttached(and.LeftOperand, debugger) || ChecksDebuggerAttached(and.RightOperand, debugger);
                case IParenthesizedOperation parenthesized:
                    return ChecksDebuggerAttached(parenthesized.Operand, debugger);
                default:
                    return false;
            }
        }

        /// <summary>
        /// True when the node sits in a branch of <c>#if</c> directives that is only compiled with <c>DEBUG</c> defined:
        /// <c>#if DEBUG</c> (or <c>DEBUG &amp;&amp; X</c>), or the <c>#else</c> / <c>#elif</c> after <c>#if !DEBUG</c>.
        /// The analyzer only sees the active branch, so this matters for builds where DEBUG is defined.
        /// </summary>
        private static bool IsInDebugOnlyRegion(SyntaxNode node)
        {
            if (node.SyntaxTree.GetRoot() is not CSharpSyntaxNode root || !node.SyntaxTree.HasCompilationUnitRoot)
            {
                return false;
            }

            var position = node.SpanStart;
            var groups = new List<DirectiveGroup>();
            for (var directive = root.GetFirstDirective(); directive is not null && directive.SpanStart < position; directive = directive.GetNextDirective())
            {
                switch (directive)
                {
                    case IfDirectiveTriviaSyntax ifDirective:
                        groups.Add(new DirectiveGroup(IsDebug(ifDirective.Condition), IsNotDebug(ifDirective.Condition)));
                        break;
                    case ElifDirectiveTriviaSyntax elif when groups.Count > 0:
                        var previous = groups[groups.Count - 1];
                        groups[groups.Count - 1] = new DirectiveGroup(
                            previous.EarlierBranchExcludedDebug || IsDebug(elif.Condition),
                            previous.EarlierBranchExcludedDebug || IsNotDebug(elif.Condition));
                        break;
                    case ElseDirectiveTriviaSyntax when groups.Count > 0:
                        var last = groups[groups.Count - 1];
                        groups[groups.Count - 1] = new DirectiveGroup(last.EarlierBranchExcludedDebug, last.EarlierBranchExcludedDebug);
                        break;
                    case EndIfDirectiveTriviaSyntax when groups.Count > 0:
                        groups.RemoveAt(groups.Count - 1);
                        break;
                }
            }

            foreach (var group in groups)
            {
                if (group.CurrentBranchIsDebugOnly)
                {
                    return true;
                }
            }

            return false;
        }

        /// <summary>A condition that can only hold with DEBUG defined: <c>DEBUG</c>, <c>DEBUG &amp;&amp; X</c>, <c>(DEBUG)</c>.</summary>
        private static bool IsDebug(ExpressionSyntax? condition) => condition switch
        {
            IdentifierNameSyntax identifier => identifier.Identifier.ValueText == DebugSymbol,
            ParenthesizedExpressionSyntax parenthesized => IsDebug(parenthesized.Expression),
            BinaryExpressionSyntax binary when binary.IsKind(SyntaxKind.LogicalAndExpression) => IsDebug(binary.Left) || IsDebug(binary.Right),
            _ => false,
        };

        /// <summary><c>!DEBUG</c>: the branches after it are only reached with DEBUG defined.</summary>
        private static bool IsNotDebug(ExpressionSyntax? condition) => condition switch
        {
            PrefixUnaryExpressionSyntax not when not.IsKind(SyntaxKind.LogicalNotExpression) => IsDebugIdentifier(not.Operand),
            ParenthesizedExpressionSyntax parenthesized => IsNotDebug(parenthesized.Expression),
            _ => false,
        };

        private static bool IsDebugIdentifier(ExpressionSyntax expression) => expression switch
        {
            IdentifierNameSyntax identifier => identifier.Identifier.ValueText == DebugSymbol,
            ParenthesizedExpressionSyntax parenthesized => IsDebugIdentifier(parenthesized.Expression),
            _ => false,
        };

        /// <summary>One <c>#if</c> ... <c>#endif</c> group: whether the branch being read needs DEBUG, and whether an earlier branch was <c>!DEBUG</c>.</summary>
        private readonly struct DirectiveGroup
        {
            public DirectiveGroup(bool currentBranchIsDebugOnly, bool earlierBranchExcludedDebug)
            {
                CurrentBranchIsDebugOnly = currentBranchIsDebugOnly;
                EarlierBranchExcludedDebug = earlierBranchExcludedDebug;
            }

            public bool CurrentBranchIsDebugOnly { get; }

            public bool EarlierBranchExcludedDebug { get; }
        }
    }
}
