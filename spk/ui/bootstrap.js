// DSM opens this static page from its main menu. It asks DSM for the session's SynoToken (DSM's CSRF
// token, readable only by pages of the DSM origin) and opens the review page through the package's CGI
// with it; the CGI checks the login with authenticate.cgi before anything reaches the service.
(function () {
  'use strict';
  function open(token) {
    location.replace('review.cgi/' + (token ? '?SynoToken=' + encodeURIComponent(token) : ''));
  }
  fetch('/webman/login.cgi', { credentials: 'same-origin' })
    .then(function (response) { return response.json(); })
    .then(function (answer) { open(answer && answer.SynoToken); })
    .catch(function () { open(''); });
})();
