package dev.kombo.interviews;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.syntax.ArchRuleDefinition;
import org.junit.jupiter.api.Test;

import dev.kombo.interviews.kombo.KomboSchemas;

/**
 * The bundle and its Kombo sandbox stay apart: the bundle reaches the sandbox only where the embedded services
 * are wired, and the sandbox knows nothing of the bundle but the contract.
 */
class LayeringTest {

    private static final JavaClasses MAIN = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS).importPackages("dev.kombo.interviews");

    @Test
    void the_bundle_reaches_the_sandbox_only_where_embedded_services_are_wired() {
        noClasses().that().resideOutsideOfPackage("dev.kombo.interviews.sandbox..")
                .and().doNotHaveFullyQualifiedName(EmbeddedServices.class.getName())
                .should().dependOnClassesThat().resideInAPackage("dev.kombo.interviews.sandbox..")
                .check(MAIN);
    }

    @Test
    void the_sandbox_depends_only_on_the_contract() {
        ArchRuleDefinition.classes().that().resideInAPackage("dev.kombo.interviews.sandbox..")
                .should().onlyDependOnClassesThat(DescribedPredicate.describe(
                        "the sandbox, the contract (KomboSchemas) or libraries", (JavaClass c) ->
                                !c.getPackageName().startsWith("dev.kombo.interviews")
                                        || c.getPackageName().startsWith("dev.kombo.interviews.sandbox")
                                        || c.getName().equals(KomboSchemas.class.getName())))
                .check(MAIN);
    }

    @Test
    void capabilities_do_not_depend_on_the_wiring() {
        noClasses().that().resideInAnyPackage("dev.kombo.interviews.(*)..")
                .should().dependOnClassesThat().haveFullyQualifiedName(BundleConfiguration.class.getName())
                .check(MAIN);
    }
}
