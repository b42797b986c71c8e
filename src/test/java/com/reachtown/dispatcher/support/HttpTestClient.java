package com.reachtown.dispatcher.support;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * A plain HTTP client for calling the dispatcher in tests, which returns every response
 * whatever its status.
 */
public final class HttpTestClient {

	public static final String API_KEY = "dev-api-key-12345";

	private static final HttpClient CLIENT = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

	private final String baseUrl;

	public HttpTestClient(int port) {
		this.baseUrl = "http://127.0.0.1:" + port;
	}

	/**
	 * Posts a JSON body to {@code /v1/messages/send} with the test API key.
	 * @param json the request body
	 * @param headers further header names and values, alternating
	 * @return the response
	 */
	public HttpResponse<String> send(String json, String... headers) {
		HttpRequest.Builder request = request("/v1/messages/send").header("Content-Type", "application/json")
			.header("X-API-Key", API_KEY)
			.POST(HttpRequest.BodyPublishers.ofString(json, StandardCharsets.UTF_8));
		return execute(withHeaders(request, headers));
	}

	/**
	 * Posts a body to a path with the given content type and headers.
	 * @param path the path and query
	 * @param contentType the content type
	 * @param body the raw body
	 * @param headers header names and values, alternating
	 * @return the response
	 */
	public HttpResponse<String> post(String path, String contentType, byte[] body, String... headers) {
		HttpRequest.Builder request = request(path).header("Content-Type", contentType)
			.POST(HttpRequest.BodyPublishers.ofByteArray(body));
		return execute(withHeaders(request, headers));
	}

	/**
	 * Posts a body without {@code Content-Length}, in chunked transfer encoding.
	 * @param path the path and query
	 * @param contentType the content type
	 * @param body the raw body
	 * @param headers header names and values, alternating
	 * @return the response
	 */
	public HttpResponse<String> postChunked(String path, String contentType, byte[] body, String... headers) {
		HttpRequest.Builder request = request(path).header("Content-Type", contentType)
			.POST(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(body)));
		return execute(withHeaders(request, headers));
	}

	/**
	 * Gets a path with the given headers.
	 * @param path the path and query
	 * @param headers header names and values, alternating
	 * @return the response
	 */
	public HttpResponse<String> get(String path, String... headers) {
		return execute(withHeaders(request(path).GET(), headers));
	}

	private HttpRequest.Builder request(String path) {
		return HttpRequest.newBuilder(URI.create(this.baseUrl + path)).timeout(Duration.ofSeconds(30));
	}

	private static HttpRequest.Builder withHeaders(HttpRequest.Builder request, String... headers) {
		for (int i = 0; i < headers.length; i += 2) {
			request.header(headers[i], headers[i + 1]);
		}
		return request;
	}

	private static HttpResponse<String> execute(HttpRequest.Builder request) {
		try {
			return CLIENT.send(request.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

}
