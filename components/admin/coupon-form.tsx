"use client";

import { useEffect, useState, type ChangeEvent, type FormEvent, type ReactNode } from "react";
import Alert from "react-bootstrap/Alert";
import Button from "react-bootstrap/Button";
import Col from "react-bootstrap/Col";
import Form from "react-bootstrap/Form";
import InputGroup from "react-bootstrap/InputGroup";
import Modal from "react-bootstrap/Modal";
import Row from "react-bootstrap/Row";
import Spinner from "react-bootstrap/Spinner";
import type { AdminCoupon } from "@/components/api-types";
import { ApiError, apiFetch } from "@/components/api-client";
import {
  IMAGE_TYPES,
  NAME_MAX,
  emptyForm,
  formFromCoupon,
  issuesToErrors,
  validateForm,
  validateImage,
  type CouponFormValues,
  type FieldErrors,
} from "@/components/admin/coupon-form-model";
import { CouponImage } from "@/components/ui/coupon-image";

interface Props {
  /** null = create a new coupon. */
  coupon: AdminCoupon | null;
  token: string;
  onClose: () => void;
  onSaved: (coupon: AdminCoupon) => void;
}

/** Create or edit a coupon: JSON first (it gets an id), then the image as multipart to that id. */
export function CouponFormModal({ coupon, token, onClose, onSaved }: Props) {
  const [values, setValues] = useState<CouponFormValues>(() => (coupon ? formFromCoupon(coupon) : emptyForm()));
  const [errors, setErrors] = useState<FieldErrors>({});
  const [image, setImage] = useState<File | null>(null);
  const preview = useObjectUrl(image);
  const [saving, setSaving] = useState(false);

  const set = (field: keyof CouponFormValues) => (event: ChangeEvent<HTMLInputElement | HTMLTextAreaElement>) =>
    setValues((v) => ({ ...v, [field]: event.target.value }));

  const onImage = (event: ChangeEvent<HTMLInputElement>) => {
    const file = event.target.files?.[0] ?? null;
    const problem = file ? validateImage(file) : null;
    setErrors((e) => ({ ...e, image: problem ?? undefined }));
    setImage(problem ? null : file);
    if (problem) event.target.value = "";
  };

  const onSubmit = async (event: FormEvent) => {
    event.preventDefault();
    if (saving) return;
    const { input, errors: found } = validateForm(values, coupon?.sold ?? 0);
    if (errors.image) found.image = errors.image;
    setErrors(found);
    if (!input || found.image) return;
    setSaving(true);
    try {
      let saved = coupon
        ? await apiFetch<AdminCoupon>(`/api/admin/coupons/${coupon.id}`, { method: "PATCH", token, body: input })
        : await apiFetch<AdminCoupon>("/api/admin/coupons", { method: "POST", token, body: input });
      if (image) {
        const body = new FormData();
        body.append("image", image);
        try {
          saved = {
            ...saved,
            ...(await apiFetch<Partial<AdminCoupon>>(`/api/admin/coupons/${saved.id}/image`, {
              method: "POST",
              token,
              body,
            })),
          };
        } catch (error) {
          // The coupon itself is saved; say so, and let the admin retry the image from the edit form.
          onSaved(saved);
          setErrors({
            image: `The coupon was saved, but the image was not: ${error instanceof Error ? error.message : "upload failed"}`,
          });
          setSaving(false);
          return;
        }
      }
      onSaved(saved);
      onClose();
    } catch (error) {
      setSaving(false);
      if (error instanceof ApiError && error.issues.length > 0) setErrors(issuesToErrors(error.issues));
      else setErrors({ form: error instanceof Error ? error.message : "The coupon could not be saved." });
    }
  };

  const title = coupon ? `Edit “${coupon.name}”` : "New coupon";
  return (
    <Modal
      show
      onHide={onClose}
      size="lg"
      backdrop="static"
      aria-labelledby="coupon-form-title"
      data-testid="coupon-form-modal"
    >
      <Form noValidate onSubmit={(e) => void onSubmit(e)} data-testid="coupon-form">
        <Modal.Header closeButton closeLabel="Close">
          <Modal.Title id="coupon-form-title">{title}</Modal.Title>
        </Modal.Header>
        <Modal.Body>
          {errors.form && (
            <Alert variant="danger" data-testid="form-error">
              {errors.form}
            </Alert>
          )}
          <Field id="coupon-name" label="Name" error={errors.name}>
            <Form.Control
              value={values.name}
              onChange={set("name")}
              isInvalid={!!errors.name}
              required
              maxLength={NAME_MAX}
              data-testid="field-name"
            />
          </Field>
          <Field id="coupon-description" label="Description" error={errors.description}>
            <Form.Control
              as="textarea"
              rows={3}
              value={values.description}
              onChange={set("description")}
              isInvalid={!!errors.description}
              data-testid="field-description"
            />
          </Field>
          <Row>
            <Col md={4}>
              <Field id="coupon-price" label="Price" error={errors.priceDollars}>
                <InputGroup hasValidation>
                  <InputGroup.Text>$</InputGroup.Text>
                  <Form.Control
                    inputMode="decimal"
                    value={values.priceDollars}
                    onChange={set("priceDollars")}
                    isInvalid={!!errors.priceDollars}
                    placeholder="19.99"
                    required
                    data-testid="field-price"
                  />
                </InputGroup>
              </Field>
            </Col>
            <Col md={4}>
              <Field
                id="coupon-list-price"
                label="List price"
                error={errors.listPriceDollars}
                hint="Optional: the usual price, shown struck through"
              >
                <InputGroup hasValidation>
                  <InputGroup.Text>$</InputGroup.Text>
                  <Form.Control
                    inputMode="decimal"
                    value={values.listPriceDollars}
                    onChange={set("listPriceDollars")}
                    isInvalid={!!errors.listPriceDollars}
                    placeholder="29.99"
                    data-testid="field-list-price"
                  />
                </InputGroup>
              </Field>
            </Col>
            <Col md={4}>
              <Field
                id="coupon-stock"
                label="Total stock"
                error={errors.totalStock}
                hint={coupon ? `${coupon.sold} sold so far; stock cannot go below that.` : undefined}
              >
                <Form.Control
                  type="number"
                  min={Math.max(1, coupon?.sold ?? 0)}
                  step={1}
                  value={values.totalStock}
                  onChange={set("totalStock")}
                  isInvalid={!!errors.totalStock}
                  required
                  data-testid="field-total-stock"
                />
              </Field>
            </Col>
          </Row>
          <Row>
            <Col sm={6}>
              <Field id="coupon-sale-start" label="Sale opens (your local time)" error={errors.saleStartLocal}>
                <Form.Control
                  type="datetime-local"
                  value={values.saleStartLocal}
                  onChange={set("saleStartLocal")}
                  isInvalid={!!errors.saleStartLocal}
                  required
                  data-testid="field-sale-start"
                />
              </Field>
            </Col>
            <Col sm={6}>
              <Field id="coupon-sale-end" label="Sale closes (your local time)" error={errors.saleEndLocal}>
                <Form.Control
                  type="datetime-local"
                  value={values.saleEndLocal}
                  onChange={set("saleEndLocal")}
                  isInvalid={!!errors.saleEndLocal}
                  required
                  data-testid="field-sale-end"
                />
              </Field>
            </Col>
          </Row>
          <Field id="coupon-image" label="Image" error={errors.image} hint="PNG, JPEG, WebP or GIF, up to 2 MB.">
            <Form.Control
              type="file"
              accept={IMAGE_TYPES.join(",")}
              onChange={onImage}
              isInvalid={!!errors.image}
              data-testid="field-image"
            />
          </Field>
          {(preview ?? coupon?.imageUrl) && (
            <figure className="mb-0">
              <CouponImage
                src={preview ?? coupon?.imageUrl ?? null}
                alt="Image preview"
                className="img-thumbnail coupon-card-image object-fit-cover"
              />
              <figcaption className="small text-body-secondary">
                {preview ? "New image (not uploaded yet)" : "Current image"}
              </figcaption>
            </figure>
          )}
        </Modal.Body>
        <Modal.Footer>
          <Button variant="outline-secondary" onClick={onClose} disabled={saving}>
            Cancel
          </Button>
          <Button type="submit" disabled={saving} aria-busy={saving} data-testid="coupon-form-submit">
            {saving && <Spinner as="span" animation="border" size="sm" className="me-2" aria-hidden="true" />}
            {coupon ? "Save changes" : "Create coupon"}
          </Button>
        </Modal.Footer>
      </Form>
    </Modal>
  );
}

function Field({
  id,
  label,
  error,
  hint,
  children,
}: {
  id: string;
  label: string;
  error?: string;
  hint?: string;
  children: ReactNode;
}) {
  return (
    <Form.Group controlId={id} className="mb-3">
      <Form.Label>{label}</Form.Label>
      {children}
      {hint && <Form.Text muted>{hint}</Form.Text>}
      {error && (
        <Form.Control.Feedback type="invalid" className="d-block" data-testid={`${id}-error`}>
          {error}
        </Form.Control.Feedback>
      )}
    </Form.Group>
  );
}

/**
 * A blob URL showing `file`, revoked when the file changes or the form closes. Made after commit (an object URL
 * is a browser resource, not render output), so the first render after a pick still shows the previous image.
 */
function useObjectUrl(file: File | null): string | null {
  const [made, setMade] = useState<{ file: File; url: string } | null>(null);
  useEffect(() => {
    if (!file) return;
    const url = URL.createObjectURL(file);
    // eslint-disable-next-line react-hooks/set-state-in-effect -- the URL exists only once the effect made it
    setMade({ file, url });
    return () => URL.revokeObjectURL(url);
  }, [file]);
  return made !== null && made.file === file ? made.url : null;
}
