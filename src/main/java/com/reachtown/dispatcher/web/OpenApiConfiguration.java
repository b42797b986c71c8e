package com.reachtown.dispatcher.web;

import java.util.Map;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import io.swagger.v3.core.jackson.ModelResolver;
import io.swagger.v3.core.util.Json;
import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.PathItem;
import io.swagger.v3.oas.models.headers.Header;
import io.swagger.v3.oas.models.info.Info;
import io.swagger.v3.oas.models.media.ArraySchema;
import io.swagger.v3.oas.models.media.BooleanSchema;
import io.swagger.v3.oas.models.media.Content;
import io.swagger.v3.oas.models.media.IntegerSchema;
import io.swagger.v3.oas.models.media.MediaType;
import io.swagger.v3.oas.models.media.ObjectSchema;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.oas.models.media.StringSchema;
import io.swagger.v3.oas.models.parameters.RequestBody;
import io.swagger.v3.oas.models.responses.ApiResponse;
import io.swagger.v3.oas.models.responses.ApiResponses;
import io.swagger.v3.oas.models.security.SecurityRequirement;
import io.swagger.v3.oas.models.security.SecurityScheme;
import org.springdoc.core.customizers.OpenApiCustomizer;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The OpenAPI 3 description of the API, served at {@code /v3/api-docs} and browsable at
 * {@code /swagger-ui.html}. What the controllers' signatures cannot express is added
 * here, in one place: the {@code X-API-Key} scheme, the problem-detail errors of each
 * endpoint, and the form or JSON bodies the webhooks take.
 */
@Configuration(proxyBeanMethods = false)
class OpenApiConfiguration {

	static final String API_KEY_SCHEME = "apiKey";

	private static final String PROBLEM = "ProblemDetail";

	private static final String PROBLEM_JSON = "application/problem+json";

	private static final Map<String, String> SEND_ERRORS = Map.of("400",
			"Malformed body or invalid field; the field is named in errors", "401", "Missing or wrong X-API-Key", "409",
			"A send with the same idempotency key is in flight", "413", "Body larger than the limit", "415",
			"Content type is not application/json", "422",
			"Idempotency key reused for another payload, or the provider rejected the recipient or content for good",
			"502", "The provider failed", "503", "The provider's circuit is open; see Retry-After");

	private static final Map<String, String> WEBHOOK_ERRORS = Map.of("400",
			"Authentic webhook that cannot be parsed, or an unknown provider parameter", "401",
			"Missing or wrong provider signature", "413", "Body larger than the limit");

	/**
	 * Reads the request and response records with snake-case property names, as the API
	 * writes them ({@code spring.jackson.property-naming-strategy}). springdoc inspects
	 * types with its own Jackson 2 mapper, which ignores that setting.
	 */
	@Bean
	ModelResolver snakeCaseModelResolver() {
		return new ModelResolver(Json.mapper().copy().setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE));
	}

	@Bean
	OpenAPI dispatcherOpenApi() {
		return new OpenAPI()
			.info(new Info().title("Dispatcher API")
				.version("v1")
				.description("Sends WhatsApp messages for reach-town and receives the providers' webhooks."))
			.components(new Components()
				.addSecuritySchemes(API_KEY_SCHEME,
						new SecurityScheme().type(SecurityScheme.Type.APIKEY)
							.in(SecurityScheme.In.HEADER)
							.name(ApiKeyFilter.HEADER))
				.addSchemas(PROBLEM, problemSchema()));
	}

	@Bean
	OpenApiCustomizer dispatcherOperationsCustomizer() {
		return (openApi) -> openApi.getPaths().forEach((path, item) -> {
			if (ApiKeyFilter.isProtected(path)) {
				item.readOperations().forEach(OpenApiConfiguration::requireApiKey);
			}
			if (path.equals("/v1/messages/send")) {
				describeSend(item.getPost());
			}
			if (path.startsWith("/v1/webhooks/")) {
				describeWebhook(item);
			}
		});
	}

	private static void requireApiKey(Operation operation) {
		operation.addSecurityItem(new SecurityRequirement().addList(API_KEY_SCHEME));
		addProblems(operation, Map.of("401", "Missing or wrong X-API-Key"));
	}

	private static void describeSend(Operation operation) {
		operation.summary("Send one WhatsApp message")
			.description("Idempotent per Idempotency-Key header, else per external_id: a repeat returns the stored"
					+ " response with Idempotent-Replayed: true and does not send again.");
		addProblems(operation, SEND_ERRORS);
		operation.getResponses()
			.get("503")
			.addHeaderObject("Retry-After", new Header().description("Seconds to wait").schema(new IntegerSchema()));
	}

	private static void describeWebhook(PathItem item) {
		Operation operation = item.getPost();
		Schema<?> parameters = new ObjectSchema().additionalProperties(new StringSchema());
		operation.summary("Receive a provider webhook")
			.description("Takes any provider's event; the provider is named by ?provider=<name> or recognized from"
					+ " the request. Twilio posts a form; the generic format, Evolution API and WAHA post JSON.")
			.requestBody(new RequestBody().required(true)
				.content(new Content()
					.addMediaType("application/x-www-form-urlencoded", new MediaType().schema(parameters))
					.addMediaType("application/json", new MediaType().schema(new ObjectSchema()))));
		operation.setResponses(new ApiResponses().addApiResponse("200",
				new ApiResponse().description("Events stored. Twilio's incoming messages get empty TwiML")
					.content(new Content().addMediaType("text/xml",
							new MediaType().schema(new StringSchema().example("<Response/>"))))));
		addProblems(operation, WEBHOOK_ERRORS);
	}

	private static void addProblems(Operation operation, Map<String, String> errors) {
		Schema<?> problem = new Schema<>().$ref("#/components/schemas/" + PROBLEM);
		errors.forEach((status, description) -> operation.getResponses()
			.addApiResponse(status, new ApiResponse().description(description)
				.content(new Content().addMediaType(PROBLEM_JSON, new MediaType().schema(problem)))));
	}

	private static Schema<?> problemSchema() {
		return new ObjectSchema().description("RFC 9457 problem detail")
			.addProperty("type", new StringSchema().format("uri"))
			.addProperty("title", new StringSchema())
			.addProperty("status", new IntegerSchema())
			.addProperty("detail", new StringSchema())
			.addProperty("instance", new StringSchema().format("uri"))
			.addProperty("errors",
					new Schema<>().type("array")
						.description("Invalid fields, each with field and message (400 only)")
						.items(new ObjectSchema().addProperty("field", new StringSchema())
							.addProperty("message", new StringSchema())))
			.addProperty("provider", new StringSchema().description("Provider that failed (422, 502, 503)"))
			.addProperty("provider_error_code", new StringSchema().description("The provider's own error code"))
			.addProperty("retryable", new BooleanSchema());
	}

}
