package com.bowwow.push.users;

import com.bowwow.common.internal.InternalHttp;
import com.bowwow.common.internal.ServiceTokens;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.client.JdkClientHttpRequestFactory;
import org.springframework.web.client.RestClient;

@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(UserServiceProperties.class)
class UsersConfiguration {

	/** Every request carries a service token for user-service. */
	@Bean
	UserServiceClient userServiceClient(RestClient.Builder builder, UserServiceProperties properties,
			ServiceTokens serviceTokens) {
		JdkClientHttpRequestFactory requests = InternalHttp.requestFactory(properties.timeout());
		return new UserServiceClient(builder.clone()
			.baseUrl(properties.url().toString())
			.requestFactory(requests)
			.requestInterceptor(serviceTokens.interceptor("user-service"))
			.build());
	}

}
