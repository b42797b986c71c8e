package com.reachtown.dispatcher.web;

import java.net.http.HttpResponse;

import com.reachtown.dispatcher.support.HttpTestClient;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Validation of templates and media URLs in send requests, through the HTTP API with the
 * mock provider.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@DirtiesContext
class SendValidationIntegrationTests {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	@LocalServerPort
	int port;

	HttpTestClient http;

	@DynamicPropertySource
	static void properties(DynamicPropertyRegistry registry) {
		registry.add("spring.datasource.url",
				() -> "jdbc:h2:mem:send-validation;MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH");
		registry.add("dispatcher.mock.playback", () -> "false");
	}

	@BeforeEach
	void createClient() {
		this.http = new HttpTestClient(this.port);
	}

	@ParameterizedTest(name = "{0}")
	@CsvSource(delimiter = '|',
			textBlock = """
					neither body nor template | {"recipient_phone":"+5564999998888"} | message_body,template
					both body and template    | {"recipient_phone":"+5564999998888","message_body":"Olá","template":{"content_sid":"HX0123456789abcdef0123456789abcdef"}} | message_body,template
					template with media       | {"recipient_phone":"+5564999998888","media_url":"https://cdn.example.com/a.jpg","template":{"content_sid":"HX0123456789abcdef0123456789abcdef"}} | media_url
					template without id       | {"recipient_phone":"+5564999998888","template":{"variables":{"1":"João"}}} | template.content_sid,template.name
					template with both ids    | {"recipient_phone":"+5564999998888","template":{"content_sid":"HX0123456789abcdef0123456789abcdef","name":"promo"}} | template.content_sid,template.name
					malformed content SID     | {"recipient_phone":"+5564999998888","template":{"content_sid":"HX12"}} | template.content_sid
					ftp media URL             | {"recipient_phone":"+5564999998888","media_url":"ftp://cdn.example.com/a.jpg"} | media_url
					relative media URL        | {"recipient_phone":"+5564999998888","media_url":"/images/a.jpg"} | media_url
					media URL with a space    | {"recipient_phone":"+5564999998888","media_url":"https://cdn.example.com/a b.jpg"} | media_url
					""")
	void invalidRequestNamesFields(String description, String json, String fields) {
		HttpResponse<String> response = this.http.send(json);

		assertThat(response.statusCode()).isEqualTo(400);
		JsonNode problem = JSON.readTree(response.body());
		assertThat(problem.get("errors").valueStream().map((error) -> error.get("field").asString()).toList())
			.containsExactly(fields.split(","));
	}

	@Test
	void fieldPairNamedOnceInDetail() {
		HttpResponse<String> response = this.http.send("""
				{"recipient_phone":"+5564999998888","message_body":""}""");

		assertThat(response.statusCode()).isEqualTo(400);
		JsonNode problem = JSON.readTree(response.body());
		assertThat(problem.get("detail").asString())
			.isEqualTo("invalid request: message_body and template are both missing; exactly one of them is required");
		assertThat(problem.get("errors").get(1).get("message").asString())
			.isEqualTo("message_body and template are both missing; exactly one of them is required");
	}

	@Test
	void templateAloneIsAcceptedByMock() {
		HttpResponse<String> response = this.http.send("""
				{"recipient_phone":"+5564999998888","template":{"content_sid":"HX0123456789abcdef0123456789abcdef",\
				"variables":{"1":"João"}}}""");

		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(JSON.readTree(response.body()).get("status").asString()).isEqualTo("queued");
	}

	@Test
	void mediaWithoutCaptionIsAccepted() {
		HttpResponse<String> response = this.http.send("""
				{"recipient_phone":"+5564999998888","media_url":"https://cdn.example.com/flyers/maio.jpg"}""");

		assertThat(response.statusCode()).isEqualTo(200);
	}

	@Test
	void sameKeyWithOtherTemplateVariablesConflicts() {
		String template = """
				{"recipient_phone":"+5564999998888","external_id":"campaign_9_contact_1",\
				"template":{"content_sid":"HX0123456789abcdef0123456789abcdef","variables":{"1":"%s"}}}""";

		assertThat(this.http.send(template.formatted("João")).statusCode()).isEqualTo(200);
		HttpResponse<String> repeat = this.http.send(template.formatted("João"));
		assertThat(repeat.statusCode()).isEqualTo(200);
		assertThat(repeat.headers().firstValue("Idempotent-Replayed")).contains("true");
		assertThat(this.http.send(template.formatted("Maria")).statusCode()).isEqualTo(422);
	}

}
