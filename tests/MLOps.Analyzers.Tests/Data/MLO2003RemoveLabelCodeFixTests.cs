using System.Threading.Tasks;
using Xunit;
using Verify = MLOps.Analyzers.Tests.Verifiers.CodeFixVerifier<
    MLOps.Analyzers.Data.LabelUsedAsFeatureAnalyzer,
    MLOps.Analyzers.CodeFixes.Data.LabelUsedAsFeatureCodeFixProvider>;

namespace MLOps.Analyzers.Tests.Data
{
    public class MLO2003RemoveLabelCodeFixTests
    {
        private const string Usings = @"
using Microsoft.ML;
";

        [Fact]
        public Task Removes_the_label_argument() => Verify.VerifyFixAsync(Usings + @"
class C
{
    ITransformer Train(MLContext ml, IDataView data) =>
        ml.Transforms.Concatenate(""Features"", ""PassengerCount"", {|MLO2003:""Label""|}, ""TripDistance"")
            .Append(ml.Regression.Trainers.FastTree()).Fit(data);
}", Usings + @"
class C
{
    ITransformer Train(MLContext ml, IDataView data) =>
        ml.Transforms.Concatenate(""Features"", ""PassengerCount"", ""TripDistance"")
            .Append(ml.Regression.Trainers.FastTree()).Fit(data);
}");

        [Fact]
        public Task Removes_the_label_from_an_inline_array() => Verify.VerifyFixAsync(Usings + @"
class C
{
    ITransformer Train(MLContext ml, IDataView data) =>
        ml.Transforms.Concatenate(""Features"", new[] { {|MLO2003:""Fare""|}, ""PassengerCount"" })
            .Append(ml.Regression.Trainers.FastTree(labelColumnName: ""Fare"")).Fit(data);
}", Usings + @"
class C
{
    ITransformer Train(MLContext ml, IDataView data) =>
        ml.Transforms.Concatenate(""Features"", new[] { ""PassengerCount"" })
            .Append(ml.Regression.Trainers.FastTree(labelColumnName: ""Fare"")).Fit(data);
}");

        [Fact]
        public Task Fix_all_in_document() => Verify.VerifyFixAsync(Usings + @"
class C
{
    ITransformer A(MLContext ml, IDataView data) =>
        ml.Transforms.Concatenate(""Features"", ""PassengerCount"", {|MLO2003:""Label""|})
            .Append(ml.Regression.Trainers.FastTree()).Fit(data);

    ITransformer B(MLContext ml, IDataView data) =>
        ml.Transforms.Concatenate(""Features"", {|MLO2003:""Label""|}, ""TripDistance"")
            .Append(ml.Regression.Trainers.FastForest()).Fit(data);
}", Usings + @"
class C
{
    ITransformer A(MLContext ml, IDataView data) =>
        ml.Transforms.Concatenate(""Features"", ""PassengerCount"")
            .Append(ml.Regression.Trainers.FastTree()).Fit(data);

    ITransformer B(MLContext ml, IDataView data) =>
        ml.Transforms.Concatenate(""Features"", ""TripDistance"")
            .Append(ml.Regression.Trainers.FastForest()).Fit(data);
}");

        [Fact]
        public Task No_fix_when_the_label_is_the_only_input() => Verify.VerifyNoFixAsync(Usings + @"
class C
{
    ITransformer Train(MLContext ml, IDataView data) =>
        ml.Transforms.Concatenate(""Features"", {|MLO2003:""Label""|})
            .Append(ml.Regression.Trainers.FastTree()).Fit(data);
}");

        [Fact]
        public Task No_fix_when_what_remains_of_an_implicitly_typed_array_has_no_type() => Verify.VerifyNoFixAsync(Usings + @"
class C
{
    ITransformer Train(MLContext ml, IDataView data) =>
        ml.Transforms.Concatenate(""Features"", new[] { {|MLO2003:""Fare""|}, null })
            .Append(ml.Regression.Trainers.FastTree(labelColumnName: ""Fare"")).Fit(data);
}");

        [Fact]
        public Task Removes_the_label_from_an_explicitly_typed_array_whatever_remains() => Verify.VerifyFixAsync(Usings + @"
class C
{
    ITransformer Train(MLContext ml, IDataView data) =>
        ml.Transforms.Concatenate(""Features"", new string[] { {|MLO2003:""Fare""|}, null })
            .Append(ml.Regression.Trainers.FastTree(labelColumnName: ""Fare"")).Fit(data);
}", Usings + @"
class C
{
    ITransformer Train(MLContext ml, IDataView data) =>
        ml.Transforms.Concatenate(""Features"", new string[] { null })
            .Append(ml.Regression.Trainers.FastTree(labelColumnName: ""Fare"")).Fit(data);
}");

        [Fact]
        public Task Removing_the_last_array_element_keeps_the_space_before_the_brace() => Verify.VerifyFixAsync(Usings + @"
class C
{
    ITransformer Train(MLContext ml, IDataView data) =>
        ml.Transforms.Concatenate(""Features"", new[] { ""Distance"", {|MLO2003:""Fare""|} })
            .Append(ml.Regression.Trainers.FastTree(labelColumnName: ""Fare"")).Fit(data);
}", Usings + @"
class C
{
    ITransformer Train(MLContext ml, IDataView data) =>
        ml.Transforms.Concatenate(""Features"", new[] { ""Distance"" })
            .Append(ml.Regression.Trainers.FastTree(labelColumnName: ""Fare"")).Fit(data);
}");

        [Fact]
        public Task Removing_the_last_element_of_a_multi_line_array_keeps_the_line_end() => Verify.VerifyFixAsync(Usings + @"
class C
{
    ITransformer Train(MLContext ml, IDataView data) =>
        ml.Transforms.Concatenate(""Features"", new[]
            {
                ""Distance"",
                {|MLO2003:""Fare""|}
            })
            .Append(ml.Regression.Trainers.FastTree(labelColumnName: ""Fare"")).Fit(data);
}", Usings + @"
class C
{
    ITransformer Train(MLContext ml, IDataView data) =>
        ml.Transforms.Concatenate(""Features"", new[]
            {
                ""Distance""
            })
            .Append(ml.Regression.Trainers.FastTree(labelColumnName: ""Fare"")).Fit(data);
}");

        [Fact]
        public Task Fix_all_removes_a_label_listed_twice() => Verify.VerifyFixAsync(Usings + @"
class C
{
    ITransformer Train(MLContext ml, IDataView data) =>
        ml.Transforms.Concatenate(""Features"", ""Distance"", {|MLO2003:""Fare""|}, {|MLO2003:""Fare""|})
            .Append(ml.Regression.Trainers.FastTree(labelColumnName: ""Fare"")).Fit(data);
}", Usings + @"
class C
{
    ITransformer Train(MLContext ml, IDataView data) =>
        ml.Transforms.Concatenate(""Features"", ""Distance"")
            .Append(ml.Regression.Trainers.FastTree(labelColumnName: ""Fare"")).Fit(data);
}");

        [Fact]
        public Task Fix_all_removes_the_label_and_its_copy_side_by_side() => Verify.VerifyFixAsync(Usings + @"
class C
{
    ITransformer Train(MLContext ml, IDataView data) =>
        ml.Transforms.CopyColumns(""FareCopy"", ""Fare"")
            .Append(ml.Transforms.Concatenate(""Features"", ""Distance"", {|MLO2003:""Fare""|}, {|MLO2003:""FareCopy""|}))
            .Append(ml.Regression.Trainers.FastTree(labelColumnName: ""Fare"")).Fit(data);
}", Usings + @"
class C
{
    ITransformer Train(MLContext ml, IDataView data) =>
        ml.Transforms.CopyColumns(""FareCopy"", ""Fare"")
            .Append(ml.Transforms.Concatenate(""Features"", ""Distance""))
            .Append(ml.Regression.Trainers.FastTree(labelColumnName: ""Fare"")).Fit(data);
}");

        [Fact]
        public Task No_fix_when_only_copies_of_the_label_are_left() => Verify.VerifyNoFixAsync(Usings + @"
class C
{
    ITransformer Train(MLContext ml, IDataView data) =>
        ml.Transforms.Concatenate(""Features"", {|MLO2003:""Fare""|}, {|MLO2003:""Fare""|})
            .Append(ml.Regression.Trainers.FastTree(labelColumnName: ""Fare"")).Fit(data);
}");
    }
}
