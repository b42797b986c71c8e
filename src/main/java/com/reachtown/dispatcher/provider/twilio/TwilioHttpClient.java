package com.reachtown.dispatcher.provider.twilio;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.BiConsumer;

import com.reachtown.dispatcher.logging.RequestIds;
import com.twilio.http.NetworkHttpClient;
import com.twilio.http.Request;
import com.twilio.http.Response;
import org.apache.hc.client5.http.classic.ExecChainHandler;
import org.apache.hc.client5.http.config.ConnectionConfig;
import org.apache.hc.client5.http.config.RequestConfig;
import org.apache.hc.client5.http.impl.classic.HttpClientBuilder;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManagerBuilder;
import org.apache.hc.core5.http.Header;
import org.apache.hc.core5.util.TimeValue;
import org.apache.hc.core5.util.Timeout;

/**
 * The HTTP client under the adapter's {@code TwilioRestClient}. It sends every request to
 * the configured API base URL, makes exactly one attempt per request, and applies the
 * configured timeouts.
 * <p>
 * The SDK's own {@code reliableRequest} repeats a request up to three times on any 5xx,
 * and Apache HttpClient's default retry strategy can repeat one on 429 and 503. A message
 * send is not idempotent, so either could deliver a message twice, and the dispatcher
 * decides on retries instead.
 */
class TwilioHttpClient extends NetworkHttpClient {

	private static final ThreadLocal<Duration> lastRetryAfter = new ThreadLocal<>();

	private final String apiBaseUrl;

	TwilioHttpClient(String apiBaseUrl, Duration connectTimeout, Duration readTimeout, int maxConnections) {
		super(clientBuilder(connectTimeout, readTimeout, maxConnections));
		this.apiBaseUrl = apiBaseUrl;
	}

	/**
	 * Makes one attempt, with no retry on 5xx.
	 * @param request the SDK's request
	 * @return the response, whatever its status
	 */
	@Override
	public Response reliableRequest(Request request) {
		lastRetryAfter.remove();
		Response response = makeRequest(request);
		lastRetryAfter.set(retryAfter(response.getHeaders()));
		return response;
	}

	@Override
	public Response reliableRequest(Request request, int[] retryCodes, int retries, long delayMillis) {
		return reliableRequest(request);
	}

	/**
	 * Sends the request to the configured base URL, with the current request id in
	 * {@code X-Request-Id} when there is one.
	 */
	@Override
	public Response makeRequest(Request request) {
		Request rebased = onBaseUrl(request);
		String requestId = RequestIds.current();
		if (requestId != null) {
			rebased.addHeaderParam(RequestIds.HEADER, requestId);
		}
		return super.makeRequest(rebased);
	}

	/**
	 * Returns and clears the {@code Retry-After} of the last response this thread
	 * received.
	 * @return the wait the API asked for, or {@code null} when it asked for none
	 */
	static Duration takeRetryAfter() {
		Duration retryAfter = lastRetryAfter.get();
		lastRetryAfter.remove();
		return retryAfter;
	}

	/**
	 * Copies a request onto the configured base URL, keeping its path. The SDK's
	 * {@code Request} cannot change its URL, so the copy carries over the query, form and
	 * header parameters, the body, the content type and the credentials.
	 */
	private Request onBaseUrl(Request original) {
		URI sdkUrl = URI.create(original.getUrl());
		Request copy = new Request(original.getMethod(), this.apiBaseUrl + sdkUrl.getRawPath());
		copyParameters(original.getQueryParams(), copy::addQueryParam);
		copyParameters(original.getPostParams(), copy::addPostParam);
		copyParameters(original.getHeaderParams(), copy::addHeaderParam);
		copy.setContentType(original.getContentType());
		copy.setBody(original.getBody());
		copy.setFormParameters(original.getFormParameters());
		copy.setUserAgentExtensions(original.getUserAgentExtensions());
		if (original.getAuthStrategy() != null) {
			copy.setAuth(original.getAuthStrategy());
		}
		else if (original.getUsername() != null) {
			copy.setAuth(original.getUsername(), original.getPassword());
		}
		return copy;
	}

	private static void copyParameters(Map<String, List<String>> parameters, BiConsumer<String, String> target) {
		parameters.forEach((name, values) -> values.forEach((value) -> target.accept(name, value)));
	}

	private static HttpClientBuilder clientBuilder(Duration connectTimeout, Duration readTimeout, int maxConnections) {
		RequestConfig requestConfig = RequestConfig.custom()
			.setConnectionRequestTimeout(Timeout.of(connectTimeout))
			.setResponseTimeout(Timeout.of(readTimeout))
			.build();
		// A pooled connection that sat idle is checked before reuse: a request written to
		// a connection
		// the server already closed gets no response, and such a send cannot be
		// distinguished from
		// one Twilio
		// may have taken.
		ConnectionConfig connectionConfig = ConnectionConfig.custom()
			.setConnectTimeout(Timeout.of(connectTimeout))
			.setSocketTimeout(Timeout.of(readTimeout))
			.setValidateAfterInactivity(TimeValue.ofMilliseconds(500))
			.build();
		return HttpClientBuilder.create()
			.setConnectionManager(PoolingHttpClientConnectionManagerBuilder.create()
				.setDefaultConnectionConfig(connectionConfig)
				.setMaxConnPerRoute(maxConnections)
				.setMaxConnTotal(maxConnections)
				.build())
			.setDefaultRequestConfig(requestConfig)
			.addExecInterceptorFirst("dispatcher-timeouts", withRequestConfig(requestConfig))
			.disableAutomaticRetries();
	}

	/**
	 * Replaces the request configuration that {@code NetworkHttpClient.makeRequest} sets
	 * on every request (SDK 13.0.1 sets a fixed 30.5 s connect timeout there) with ours.
	 */
	private static ExecChainHandler withRequestConfig(RequestConfig requestConfig) {
		return (request, scope, chain) -> {
			scope.clientContext.setRequestConfig(requestConfig);
			return chain.proceed(request, scope);
		};
	}

	private static Duration retryAfter(Header[] headers) {
		if (headers == null) {
			return null;
		}
		for (Header header : headers) {
			if ("Retry-After".equalsIgnoreCase(header.getName())) {
				return parseSeconds(header.getValue());
			}
		}
		return null;
	}

	private static Duration parseSeconds(String value) {
		try {
			return Duration.ofSeconds(Long.parseLong(value.strip()));
		}
		catch (NumberFormatException ex) {
			// An HTTP date instead of seconds: the caller falls back to its default wait.
			return null;
		}
	}

}
