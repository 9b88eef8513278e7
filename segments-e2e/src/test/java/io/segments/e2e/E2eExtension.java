package io.segments.e2e;

import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;
import org.junit.jupiter.api.extension.TestWatcher;

/**
 * Hands tests the {@link Product} (one for the whole run, closed at its end) and a {@link Browser} (one per test
 * class, closed after the class), as parameters of test, {@code @BeforeAll} and {@code @BeforeEach} methods. When a
 * test fails, the page the browser shows is saved as {@code target/screenshots/failed-CLASS-TEST.png}.
 *
 * <pre>{@code
 * @ExtendWith(E2eExtension.class)
 * class SignInTest {
 *     @Test
 *     void signsInWithTheAdminKey(Product product, Browser browser) { ... }
 * }
 * }</pre>
 */
final class E2eExtension implements ParameterResolver, TestWatcher {
    private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(E2eExtension.class);

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        Class<?> type = parameter.getParameter().getType();
        return type == Product.class || type == Browser.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        return parameter.getParameter().getType() == Product.class ? product(context) : browser(context);
    }

    private static Product product(ExtensionContext context) {
        return context.getRoot().getStore(NAMESPACE).getOrComputeIfAbsent(Product.class, k -> Product.start(),
                Product.class);
    }

    private static Browser browser(ExtensionContext context) {
        Product product = product(context);
        return classContext(context).getStore(NAMESPACE).getOrComputeIfAbsent(Browser.class,
                k -> Browser.start(product.uri()), Browser.class);
    }

    private static ExtensionContext classContext(ExtensionContext context) {
        ExtensionContext c = context;
        while (!(c.getElement().orElse(null) instanceof Class<?>)) {
            c = c.getParent().orElseThrow(() -> new IllegalStateException("no test class around " + context));
        }
        return c;
    }

    @Override
    public void testFailed(ExtensionContext context, Throwable cause) {
        Browser browser = classContext(context).getStore(NAMESPACE).get(Browser.class, Browser.class);
        if (browser == null) {
            return;
        }
        String name = "failed-" + context.getRequiredTestClass().getSimpleName() + "-"
                + context.getDisplayName().replaceAll("[^A-Za-z0-9]+", "-");
        try {
            browser.screenshot(name);
        } catch (RuntimeException e) {
            cause.addSuppressed(e);
        }
    }
}
