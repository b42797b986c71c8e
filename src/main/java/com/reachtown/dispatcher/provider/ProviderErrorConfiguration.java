package com.reachtown.dispatcher.provider;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Registers the provider error table, with the overrides of
 * {@code dispatcher.provider-errors}.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(ProviderErrorProperties.class)
class ProviderErrorConfiguration {

	@Bean
	ProviderErrorCatalog providerErrorCatalog(ProviderErrorProperties properties) {
		return ProviderErrorCatalog.of(properties);
	}

}
