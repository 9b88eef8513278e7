package io.segments.server;

import com.fasterxml.jackson.databind.JsonNode;
import io.javalin.http.HandlerType;
import io.javalin.router.Endpoint;
import io.javalin.router.ParsedEndpoint;
import io.segments.server.internal.Auth;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code GET /api/openapi.json} describes exactly the routes the server registers, each with the key it
 * really takes, and every reference in it resolves.
 */
class OpenApiTest {
    @RegisterExtension
    static final ServerExtension server = new ServerExtension();

    private static final Set<String> METHODS = Set.of("get", "post", "put", "patch", "delete");

    @Test
    void the_description_is_served_without_a_key() {
        TestHttp.Response r = server.http().get("/api/openapi.json", null);

        assertThat(r.status()).isEqualTo(200);
        assertThat(r.headers().firstValue("Content-Type")).hasValueSatisfying(v -> assertThat(v).startsWith("application/json"));
        assertThat(r.json().get("openapi").asText()).startsWith("3.");
        assertThat(r.json().get("paths").size()).isGreaterThan(10);
    }

    @Test
    void every_registered_route_is_described_and_every_described_route_is_registered() {
        Set<String> registered = new TreeSet<>();
        for (ParsedEndpoint parsed : server.server().app().unsafeConfig().pvt.internalRouter.allHttpHandlers()) {
            Endpoint endpoint = parsed.getEndpoint();
            if (endpoint.getMethod().isHttpMethod() && endpoint.getMethod() != HandlerType.HEAD) {
                registered.add(endpoint.getMethod().name().toLowerCase(Locale.ROOT) + " "
                        + endpoint.getPath().replace('<', '{').replace('>', '}'));
            }
        }

        assertThat(described()).containsExactlyInAnyOrderElementsOf(registered);
        assertThat(registered).contains("get /api/segments", "get /api/openapi.json", "post /v1/batch");
    }

    @Test
    void each_operation_states_the_key_the_server_takes() {
        JsonNode paths = document().get("paths");
        for (Map.Entry<String, JsonNode> path : paths.properties()) {
            for (Map.Entry<String, JsonNode> operation : path.getValue().properties()) {
                String where = operation.getKey() + " " + path.getKey();
                Set<String> schemes = new TreeSet<>();
                operation.getValue().get("security").forEach(requirement -> requirement.fieldNames().forEachRemaining(schemes::add));
                if (path.getKey().startsWith("/v1/")) {
                    assertThat(schemes).as(where).containsExactlyInAnyOrder("writeKeyBasic", "writeKeyBearer");
                } else if (path.getKey().startsWith("/api/") && !Auth.OPEN_API_PATHS.contains(path.getKey())) {
                    assertThat(schemes).as(where).containsExactly("adminKey");
                } else {
                    assertThat(schemes).as(where).isEmpty();
                }
                assertThat(operation.getValue().get("responses").size()).as(where).isPositive();
                assertThat(operation.getValue().get("summary").asText()).as(where).isNotBlank();
            }
        }
    }

    @Test
    void every_reference_resolves() {
        JsonNode document = document();
        List<String> references = new ArrayList<>();
        collectReferences(document, references);

        assertThat(references).isNotEmpty();
        for (String reference : references) {
            assertThat(reference).startsWith("#/");
            assertThat(document.at(reference.substring(1)).isMissingNode()).as(reference).isFalse();
        }
    }

    private static Set<String> described() {
        Set<String> routes = new TreeSet<>();
        for (Map.Entry<String, JsonNode> path : document().get("paths").properties()) {
            path.getValue().fieldNames().forEachRemaining(method -> {
                assertThat(METHODS).as(path.getKey()).contains(method);
                routes.add(method + " " + path.getKey());
            });
        }
        return routes;
    }

    private static JsonNode document() {
        return server.http().get("/api/openapi.json", null).json();
    }

    private static void collectReferences(JsonNode node, List<String> references) {
        if (node.isObject()) {
            for (Map.Entry<String, JsonNode> field : node.properties()) {
                if (field.getKey().equals("$ref")) {
                    references.add(field.getValue().asText());
                } else {
                    collectReferences(field.getValue(), references);
                }
            }
        } else if (node.isArray()) {
            node.forEach(element -> collectReferences(element, references));
        }
    }
}
