package com.reachtown.dispatcher.logging;

import org.springframework.boot.restclient.RestClientCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Passes the request id on to every HTTP peer called through a {@code RestClient} built
 * from Spring Boot's {@code RestClient.Builder}.
 */
@Configuration(proxyBeanMethods = false)
class LoggingConfiguration {

	@Bean
	RestClientCustomizer requestIdRestClientCustomizer() {
		return (builder) -> builder.requestInterceptor(new RequestIdInterceptor());
	}

}
