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
  type RoomFormField,
} from "@/components/admin/coupon-form-model";
import { adminInputLimits } from "@/contract/admin";
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

  const set =
    (field: Exclude<keyof CouponFormValues, RoomSwitch>) =>
    (event: ChangeEvent<HTMLInputElement | HTMLTextAreaElement>) =>
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
          <WaitingRoomSection
            values={values}
            errors={errors}
            onSwitch={(field, checked) => setValues((v) => ({ ...v, [field]: checked }))}
            set={set}
          />
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

type RoomSwitch = "roomEnabled" | "roomProofOfWork";

/** The sale's waiting room: a switch, and the numbers that shape the line while it is on. */
function WaitingRoomSection({
  values,
  errors,
  onSwitch,
  set,
}: {
  values: CouponFormValues;
  errors: FieldErrors;
  onSwitch: (field: RoomSwitch, checked: boolean) => void;
  set: (field: RoomFormField) => (event: ChangeEvent<HTMLInputElement>) => void;
}) {
  return (
    <fieldset className="border rounded p-3 mb-3" data-testid="room-section">
      <legend className="fs-6 fw-semibold float-none w-auto px-1 mb-1">Waiting room</legend>
      <Form.Check
        type="switch"
        id="coupon-room-enabled"
        label="Shoppers line up and are let in to buy a few at a time"
        checked={values.roomEnabled}
        onChange={(event) => onSwitch("roomEnabled", event.target.checked)}
        data-testid="field-room-enabled"
      />
      <Form.Text muted>
        {values.roomEnabled
          ? "Only shoppers whose turn has come can buy, so a person clicking once has the same chance as a bot."
          : "Off: anyone can buy the moment the sale opens; the fastest clicks win."}
      </Form.Text>
      {values.roomEnabled && (
        <Row className="mt-3">
          <Col md={4}>
            <Field
              id="coupon-room-prequeue"
              label="Line opens (minutes before)"
              error={errors.roomPrequeueMinutes}
              hint="Shoppers who open the page this many minutes before the opening join the line; their order is drawn at random at the opening."
            >
              <Form.Control
                type="number"
                min={0}
                max={adminInputLimits.prequeueMinutesMax}
                step={1}
                value={values.roomPrequeueMinutes}
                onChange={set("roomPrequeueMinutes")}
                isInvalid={!!errors.roomPrequeueMinutes}
                required
                data-testid="field-room-prequeue"
              />
            </Field>
          </Col>
          <Col md={4}>
            <Field
              id="coupon-room-rate"
              label="Shoppers let in per second"
              error={errors.roomAdmitPerSecond}
              hint="How many shoppers in line get their turn each second. Leave empty for the shop's default."
            >
              <Form.Control
                type="number"
                min={1}
                max={adminInputLimits.admitPerSecondMax}
                step={1}
                value={values.roomAdmitPerSecond}
                onChange={set("roomAdmitPerSecond")}
                isInvalid={!!errors.roomAdmitPerSecond}
                placeholder="Default"
                data-testid="field-room-rate"
              />
            </Field>
          </Col>
          <Col md={4}>
            <Field
              id="coupon-room-margin"
              label="Extra turns (% of coupons left)"
              error={errors.roomMarginPercent}
              hint="How many more shoppers may have their turn at once than there are coupons left, to cover those who do not buy. 0 lets in exactly as many as are left."
            >
              <InputGroup hasValidation>
                <Form.Control
                  type="number"
                  min={0}
                  max={adminInputLimits.marginPercentMax}
                  step={1}
                  value={values.roomMarginPercent}
                  onChange={set("roomMarginPercent")}
                  isInvalid={!!errors.roomMarginPercent}
                  required
                  data-testid="field-room-margin"
                />
                <InputGroup.Text>%</InputGroup.Text>
              </InputGroup>
            </Field>
          </Col>
        </Row>
      )}
      {values.roomEnabled && (
        <Form.Check
          type="switch"
          id="coupon-room-proof-of-work"
          label="Joining the line costs a moment of the shopper's computer (a proof of work: a blink for a person, a real bill for a thousand bot accounts)"
          checked={values.roomProofOfWork}
          onChange={(event) => onSwitch("roomProofOfWork", event.target.checked)}
          data-testid="field-room-proof-of-work"
        />
      )}
    </fieldset>
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
