-- The POST JSON echo row: a small JSON body with its content-length (wrk sets it).
wrk.method = "POST"
wrk.body = '{"name":"bench","items":[1,2,3],"nested":{"ok":true,"count":3}}'
wrk.headers["content-type"] = "application/json"
