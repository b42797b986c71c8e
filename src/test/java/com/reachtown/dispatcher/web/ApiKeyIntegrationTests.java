package com.reachtown.dispatcher.web;

import java.net.Socket;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The API key check against paths written to look like another: percent-encoded letters
 * and {@code ;parameters}, which Spring MVC decodes and strips before it picks the
 * controller. The requests go out over a raw socket, because HTTP clients normalize such
 * paths.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "spring.datasource.url=jdbc:h2:mem:api-key;MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE",
				"dispatcher.mock.playback=false" })
class ApiKeyIntegrationTests {

	@LocalServerPort
	int port;

	@ParameterizedTest
	@ValueSource(strings = { "/v1/%6Dessages/send", "/%761/messages/send", "/v1;a=b/messages/send",
			"/v1/messages;x=1/send", "/v1/messages/%73end", "/V1/messages/send", "/v1/webhooks/../messages/send" })
	void disguisedSendPathNeedsKey(String path) throws IOException {
		String body = "{\"recipient_phone\":\"+5564999998888\",\"message_body\":\"hello\"}";

		String status = rawPost(path, body);

		assertThat(status).as(path).doesNotContain(" 200 ");
		assertThat(status).as(path).matches("HTTP/1.1 (400|401|404) .*");
	}

	@ParameterizedTest
	@ValueSource(strings = { "/v1/%6Futbox?state=DEAD", "/v1;x/outbox?state=PENDING", "/%70rometheus",
			"/v1/messages/msg-1" })
	void disguisedAdminPathNeedsKey(String path) throws IOException {
		assertThat(rawGet(path)).as(path).startsWith("HTTP/1.1 401 ");
	}

	private String rawPost(String path, String body) throws IOException {
		byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
		return exchange("POST " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
				+ "Content-Length: " + bytes.length + "\r\nConnection: close\r\n\r\n" + body);
	}

	private String rawGet(String path) throws IOException {
		return exchange("GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n");
	}

	private String exchange(String request) throws IOException {
		try (Socket socket = new Socket("127.0.0.1", this.port)) {
			socket.setSoTimeout(10_000);
			OutputStream out = socket.getOutputStream();
			out.write(request.getBytes(StandardCharsets.UTF_8));
			out.flush();
			InputStream in = socket.getInputStream();
			String response = new String(in.readAllBytes(), StandardCharsets.UTF_8);
			return response.lines().findFirst().orElse("");
		}
	}

}
